namespace Coverage.Demo.Random;

/// <summary>
/// Sine and cosine from + − × ÷ only. Math.Sin comes from the platform's C library and may differ in the last bit
/// between operating systems; these give the same bits everywhere, which byte-identical outputs need.
/// </summary>
internal static class DetMath
{
    const double HalfPi = Math.PI / 2;

    public static double Sin(double x) => SinCos(x).Sin;
    public static double Cos(double x) => SinCos(x).Cos;

    public static (double Sin, double Cos) SinCos(double x)
    {
        double k = Math.Round(x / HalfPi);                 // quadrant; Math.Round is exact and portable
        double r = x - k * HalfPi;                         // |r| <= pi/4
        double s = SinKernel(r), c = CosKernel(r);
        int q = (int)(((long)k % 4 + 4) % 4);
        return q switch
        {
            0 => (s, c),
            1 => (c, -s),
            2 => (-s, -c),
            _ => (-c, s),
        };
    }

    // Taylor series to x^17: error below 1e-16 on |r| <= pi/4.
    static double SinKernel(double r)
    {
        double r2 = r * r, term = r, sum = r;
        for (int n = 1; n <= 8; n++) { term *= -r2 / ((2 * n) * (2 * n + 1)); sum += term; }
        return sum;
    }

    static double CosKernel(double r)
    {
        double r2 = r * r, term = 1, sum = 1;
        for (int n = 1; n <= 8; n++) { term *= -r2 / ((2 * n - 1) * (2 * n)); sum += term; }
        return sum;
    }
}
