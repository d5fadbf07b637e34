using CertVerify.Web.Data;
using CertVerify.Web.Health;
using CertVerify.Web.Hosting;
using CertVerify.Web.Instances;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddReplicaHosting();
builder.AddCertVerifyDatabase();
builder.AddSharedState();
builder.AddInstanceRegistry();
builder.Services.AddDependencyHealth();

var app = builder.Build();

app.UseReplicaHosting();

app.MapDefaultEndpoints();
app.MapHealthApi();
app.MapInstancesApi();

await app.MigrateDatabaseAsync();

app.Run();

public partial class Program;
