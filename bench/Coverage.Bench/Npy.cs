using System.Runtime.InteropServices;
using System.Text;

namespace Coverage.Bench;

/// <summary>
/// Writes one-dimensional arrays as NumPy .npy files (format 1.0, little-endian), so Python peers load a large
/// graph with one np.load instead of parsing CSV.
/// </summary>
public static class Npy
{
    public static void Write(string path, ReadOnlySpan<int> values) => Write(path, "<i4", MemoryMarshal.AsBytes(values), values.Length);
    public static void Write(string path, ReadOnlySpan<float> values) => Write(path, "<f4", MemoryMarshal.AsBytes(values), values.Length);
    public static void Write(string path, ReadOnlySpan<double> values) => Write(path, "<f8", MemoryMarshal.AsBytes(values), values.Length);

    static void Write(string path, string descr, ReadOnlySpan<byte> data, int length)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Npy writes little-endian data only.");
        // Magic (6) + version (2) + header length (2) + header, padded with spaces to a multiple of 64 and ended by '\n'.
        string header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({length},), }}";
        int total = (10 + header.Length + 1 + 63) / 64 * 64;
        header = header.PadRight(total - 10 - 1) + "\n";
        using var f = File.Create(path);
        f.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, (byte)(header.Length & 0xFF), (byte)(header.Length >> 8)]);
        f.Write(Encoding.ASCII.GetBytes(header));
        f.Write(data);
    }
}
