namespace Coverage.Network.Snapping;

/// <summary>Planar maths in metres around a query point at the origin (east x, north y).</summary>
internal static class TangentPlane
{
    /// <summary>Distance from the origin to segment A→B, and the fraction t ∈ [0,1] of its nearest point.</summary>
    public static double DistanceToSegment(double ax, double ay, double bx, double by, out double t)
    {
        double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
        t = len2 > 0 ? Math.Clamp(-(ax * dx + ay * dy) / len2, 0, 1) : 0;
        double px = ax + t * dx, py = ay + t * dy;
        return Math.Sqrt(px * px + py * py);
    }
}
