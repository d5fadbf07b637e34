// The physical anchor of eng/bench/cpu.sh: a trivial Kestrel app with no logging, middleware or telemetry. Three of
// them behind a plain Nginx show what a request costs through the same proxy hop when the application does nothing.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();

var app = builder.Build();
app.MapGet("/alive", () => "Healthy");
app.Run();
