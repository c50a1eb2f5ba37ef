using Coverage.Server.Tests.Support;

namespace Coverage.Server.Tests;

/// <summary>The API contract on the embedded default store: a GeoPackage file.</summary>
public sealed class GeoPackageApiTests(GeoPackageServerFixture fixture) : ApiContract(fixture.Server), IClassFixture<GeoPackageServerFixture>;

/// <summary>The API contract on PostGIS (COVERAGE_TEST_PG, or scripts/postgis.sh start).</summary>
public sealed class PostGisApiTests(PostGisServerFixture fixture) : ApiContract(fixture.Server), IClassFixture<PostGisServerFixture>;
