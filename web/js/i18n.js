// Every visible string comes from this dictionary: 简体中文 by default, English on request.
const dict = {
  zh: {
    appTitle: '步行可达设施覆盖',
    langToggle: 'English',
    langToggleLabel: '切换到英文',
    panelToggle: '面板',
    panelToggleLabel: '打开或关闭侧边面板',
    mapLabel: '设施与村庄地图',
    circle: '服务圈',
    circleLabel: '选择服务圈标准',
    legend: '图例',
    covered: '已覆盖',
    partly: '部分覆盖',
    uncovered: '未覆盖',
    notAssessed: '不在此服务圈考核范围',
    facilities: '设施',
    trail: '步道',
    county: '全县',
    summary: '覆盖概况',
    settlementsCovered: '{covered}/{total} 个村庄全覆盖',
    populationCovered: '覆盖 {covered} / {total} 人（目标 {target}%）',
    targetMet: '已达标',
    targetGap: '差 {gap} 人达标',
    towns: '各镇覆盖',
    town: '镇',
    settlements: '村庄',
    population: '人口',
    share: '覆盖率',
    chartTitle: '各镇人口覆盖率与目标',
    chartTarget: '目标 {target}%',
    uncoveredList: '未覆盖村庄',
    uncoveredNone: '全部村庄已覆盖',
    minutesAway: '{minutes} 分钟',
    unreachable: '不可达',
    people: '{n} 人',
    search: '搜索村庄',
    searchPlaceholder: '输入村庄名称',
    searchNone: '没有匹配的村庄',
    isochrones: '步行等时圈',
    isoBand: '{from}–{to} 分钟：{population} 人，{settlements} 个村庄',
    isoClear: '清除等时圈',
    minutes: '分钟',
    nearest: '最近设施：{name}',
    signIn: '规划人员登录',
    signOut: '退出登录',
    tokenLabel: '访问令牌',
    tokenPlaceholder: '粘贴由 coverage token issue 生成的令牌',
    signInSubmit: '登录',
    cancel: '取消',
    signedIn: '已登录（规划模式）',
    planner: '规划模式',
    plannerCategory: '拟建设施类别',
    placeFacility: '在地图上放置设施',
    placeHint: '点击地图放置拟建设施，可拖动调整位置',
    whatifBefore: '调整前',
    whatifAfter: '调整后',
    whatifDelta: '+{n} 人',
    whatifDeltaNeg: '{n} 人',
    newlyCovered: '新覆盖村庄：{list}',
    newlyCoveredNone: '没有新覆盖的村庄',
    scenarioName: '方案名称',
    scenarioDefault: '拟建方案',
    save: '保存方案',
    discard: '放弃',
    saved: '方案已保存：{name}',
    computing: '计算中…',
    loading: '加载中…',
    proposed: '拟建设施',
    attrSynthetic: '合成数据 Synthetic demo data',
    attrOsm: '© OpenStreetMap contributors',
    errorNetwork: '无法连接服务器，请稍后重试',
    errorUnknown: '请求失败（{status}）',
    close: '关闭',
    statusLabel: '状态',
  },
  en: {
    appTitle: 'Walk-time facility coverage',
    langToggle: '中文',
    langToggleLabel: 'Switch to Chinese',
    panelToggle: 'Panel',
    panelToggleLabel: 'Open or close the side panel',
    mapLabel: 'Map of facilities and villages',
    circle: 'Circle',
    circleLabel: 'Choose a circle standard',
    legend: 'Legend',
    covered: 'Covered',
    partly: 'Partly covered',
    uncovered: 'Uncovered',
    notAssessed: 'Not assessed for this circle',
    facilities: 'Facilities',
    trail: 'Trail',
    county: 'County',
    summary: 'Coverage summary',
    settlementsCovered: '{covered} of {total} villages fully covered',
    populationCovered: '{covered} of {total} people covered (target {target}%)',
    targetMet: 'Target met',
    targetGap: '{gap} people short of the target',
    towns: 'Coverage by town',
    town: 'Town',
    settlements: 'Villages',
    population: 'Population',
    share: 'Covered',
    chartTitle: 'Population covered by town against the target',
    chartTarget: 'Target {target}%',
    uncoveredList: 'Uncovered villages',
    uncoveredNone: 'Every village is covered',
    minutesAway: '{minutes} min',
    unreachable: 'unreachable',
    people: '{n} people',
    search: 'Find a village',
    searchPlaceholder: 'Type a village name',
    searchNone: 'No matching village',
    isochrones: 'Walk-time bands',
    isoBand: '{from}–{to} min: {population} people, {settlements} villages',
    isoClear: 'Clear bands',
    minutes: 'min',
    nearest: 'Nearest facility: {name}',
    signIn: 'Planner sign-in',
    signOut: 'Sign out',
    tokenLabel: 'Access token',
    tokenPlaceholder: 'Paste a token from coverage token issue',
    signInSubmit: 'Sign in',
    cancel: 'Cancel',
    signedIn: 'Signed in (planner mode)',
    planner: 'Planner mode',
    plannerCategory: 'Proposed facility category',
    placeFacility: 'Place a facility on the map',
    placeHint: 'Click the map to place a proposed facility; drag it to adjust',
    whatifBefore: 'Before',
    whatifAfter: 'After',
    whatifDelta: '+{n} people',
    whatifDeltaNeg: '{n} people',
    newlyCovered: 'Newly covered: {list}',
    newlyCoveredNone: 'No village newly covered',
    scenarioName: 'Scenario name',
    scenarioDefault: 'Proposal',
    save: 'Save scenario',
    discard: 'Discard',
    saved: 'Scenario saved: {name}',
    computing: 'Computing…',
    loading: 'Loading…',
    proposed: 'Proposed facility',
    attrSynthetic: '合成数据 Synthetic demo data',
    attrOsm: '© OpenStreetMap contributors',
    errorNetwork: 'Cannot reach the server; please try again later',
    errorUnknown: 'Request failed ({status})',
    close: 'Close',
    statusLabel: 'Status',
  },
};

const listeners = [];
let lang = localStorage.getItem('coverage.lang') === 'en' ? 'en' : 'zh';

export const getLang = () => lang;

/** The string for key in the current language, with {name} placeholders filled from vars. */
export function t(key, vars = {}) {
  const text = dict[lang][key] ?? dict.zh[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, k) => (k in vars ? String(vars[k]) : `{${k}}`));
}

/** The Chinese or English name of a seed record (category, circle, kind). */
export const nameOf = (o) => (o ? (lang === 'en' ? o.nameEn || o.nameZh : o.nameZh || o.nameEn) || o.id : '');

export const fmtInt = (n) => Math.round(n ?? 0).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN');
export const fmtPct = (x) => `${((x ?? 0) * 100).toFixed(1)}%`;

/** Fills static markup: data-i18n (text), data-i18n-label (aria-label and title), data-i18n-placeholder. */
export function applyStatic(root = document) {
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
  document.title = t('appTitle');
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-label]')) {
    el.setAttribute('aria-label', t(el.dataset.i18nLabel));
    el.title = t(el.dataset.i18nLabel);
  }
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
}

export function setLang(next) {
  lang = next === 'en' ? 'en' : 'zh';
  localStorage.setItem('coverage.lang', lang);
  applyStatic();
  for (const fn of listeners) fn(lang);
}

export const onLangChange = (fn) => listeners.push(fn);
