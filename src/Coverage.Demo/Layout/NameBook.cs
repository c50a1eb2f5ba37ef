using Coverage.Demo.Random;

namespace Coverage.Demo.Layout;

/// <summary>
/// Plausible water-town names from syllable lists (a prefix and a watery suffix, as in 沈家浜, 东港, 庙桥).
/// Every name handed out is unique across the county; uniqueness is checked by membership only.
/// </summary>
internal sealed class NameBook(SeededRandom random)
{
    static readonly string[] Prefixes =
    [
        "沈", "王", "杨", "周", "金", "横", "东", "西", "南", "北", "黎", "芦", "梅", "庙", "湖", "荷", "柳", "桑",
        "莘", "同", "盛", "平", "松", "菱", "坛", "陈", "吴", "钱", "孙", "李", "朱", "徐", "蒋", "严", "顾", "陆",
        "龙", "凤", "石", "白", "青", "兴", "太", "长", "新", "旧", "上", "下", "前", "后", "大", "小", "双", "三",
        "万", "丰", "永", "安", "和", "南厍", "北舍", "蚕", "稻", "藕", "菰", "蟹", "渔", "莲", "芙", "杨柳", "竹",
    ];
    static readonly string[] VillageSuffixes =
    [
        "港", "浜", "桥", "泾", "塘", "圩", "湾", "浦", "墩", "舍", "家", "荡", "漾", "溇", "渎", "庄", "埭", "坝",
        "家浜", "家港", "家桥", "家埭", "家湾", "水", "河", "头", "田", "园",
    ];
    static readonly string[] TownSyllablesA = ["震", "盛", "平", "黎", "同", "桃", "七", "横", "芦", "北", "菀", "梅", "汾", "莘", "铜", "八", "坛", "湖", "澄", "望"];
    static readonly string[] TownSyllablesB = ["泽", "望", "里", "源", "都", "扇", "墟", "厍", "坪", "堰", "湖", "塔", "溪", "丘", "滨", "桥", "塘", "陵", "川", "安"];
    static readonly string[] CommunityWords =
    [
        "长安", "望湖", "锦绣", "长虹", "松陵", "花港", "水秀", "运河", "鲈乡", "城南", "城北", "东苑", "西塘", "垂虹",
        "南厍", "笠泽", "江城", "新港", "柳胥", "翠湖", "绸都", "丝绸", "太湖", "枫津", "吉市", "庙港", "盛虹", "兴华",
    ];
    static readonly string[] WaterSuffixes = ["塘河", "港", "浦", "泾", "河", "溇", "漕"];
    static readonly string[] LakeSuffixes = ["荡", "漾", "湖", "荡", "漾"];
    static readonly string[] StreetSuffixes = ["路", "街", "路", "巷", "路"];

    readonly HashSet<string> _used = [];

    public string Town() => Unique(() => random.Pick(TownSyllablesA) + random.Pick(TownSyllablesB), "镇");
    public string Community() => Unique(() => random.Pick(CommunityWords) + (random.Chance(0.4) ? random.Pick(["一", "二", "三", "新"]) : ""), "社区");
    /// <summary>An administrative village name; its stem (without 村) is reserved too, for its main natural village.</summary>
    public (string Name, string Stem) AdministrativeVillage()
    {
        for (int attempt = 0; ; attempt++)
        {
            string stem = random.Pick(Prefixes) + random.Pick(VillageSuffixes);
            if (attempt > 40) stem += (attempt - 40).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!_used.Contains(stem) && !_used.Contains(stem + "村")) { _used.Add(stem); _used.Add(stem + "村"); return (stem + "村", stem); }
        }
    }

    public string NaturalVillage() => Unique(() => random.Pick(Prefixes) + random.Pick(VillageSuffixes), "");
    public string Canal() => Unique(() => random.Pick(Prefixes) + random.Pick(TownSyllablesB), random.Pick(WaterSuffixes));
    public string Lake() => Unique(() => random.Pick(Prefixes) + random.Pick(TownSyllablesA), random.Pick(LakeSuffixes));
    public string MainStreet() => Unique(() => random.Pick(CommunityWords), random.Pick(StreetSuffixes));
    public string Street() => Unique(() => random.Pick(Prefixes) + random.Pick(TownSyllablesB), random.Pick(StreetSuffixes));

    string Unique(Func<string> stem, string suffix)
    {
        for (int attempt = 0; ; attempt++)
        {
            string name = stem() + suffix;
            // After many collisions, a numbered variant keeps names unique in very large (stress) regions.
            if (attempt > 40) name = stem() + (attempt - 40).ToString(System.Globalization.CultureInfo.InvariantCulture) + suffix;
            if (_used.Add(name)) return name;
        }
    }
}
