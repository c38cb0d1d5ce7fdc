// The EF Core context: Manila's tables with snake_case columns, statuses stored as Manila's strings.
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace SimManila.Model;

public sealed class ManilaDbContext : DbContext
{
    public ManilaDbContext(DbContextOptions<ManilaDbContext> options) : base(options) { }

    public DbSet<Share> Shares => Set<Share>();
    public DbSet<ShareInstance> ShareInstances => Set<ShareInstance>();
    public DbSet<Snapshot> Snapshots => Set<Snapshot>();
    public DbSet<SnapshotInstance> SnapshotInstances => Set<SnapshotInstance>();
    public DbSet<ShareServer> ShareServers => Set<ShareServer>();
    public DbSet<ShareNetwork> ShareNetworks => Set<ShareNetwork>();
    public DbSet<ShareNetworkSubnet> ShareNetworkSubnets => Set<ShareNetworkSubnet>();
    public DbSet<AccessRule> AccessRules => Set<AccessRule>();
    public DbSet<AccessRuleMapping> AccessRuleMappings => Set<AccessRuleMapping>();
    public DbSet<ShareGroup> ShareGroups => Set<ShareGroup>();
    public DbSet<Backup> Backups => Set<Backup>();
    public DbSet<Transfer> Transfers => Set<Transfer>();
    public DbSet<Service> Services => Set<Service>();
    public DbSet<Job> Jobs => Set<Job>();
    public DbSet<QuotaUsage> QuotaUsages => Set<QuotaUsage>();
    public DbSet<QuotaReservation> QuotaReservations => Set<QuotaReservation>();

    /// <summary>Entity type → Manila table name; also the list of everything the store can hold.</summary>
    public static IReadOnlyDictionary<Type, string> Tables { get; } = new Dictionary<Type, string>
    {
        [typeof(Share)] = "shares",
        [typeof(ShareInstance)] = "share_instances",
        [typeof(Snapshot)] = "share_snapshots",
        [typeof(SnapshotInstance)] = "share_snapshot_instances",
        [typeof(ShareServer)] = "share_servers",
        [typeof(ShareNetwork)] = "share_networks",
        [typeof(ShareNetworkSubnet)] = "share_network_subnets",
        [typeof(AccessRule)] = "share_access_map",
        [typeof(AccessRuleMapping)] = "share_instance_access_map",
        [typeof(ShareGroup)] = "share_groups",
        [typeof(Backup)] = "share_backups",
        [typeof(Transfer)] = "transfers",
        [typeof(Service)] = "services",
        [typeof(Job)] = "jobs",
        [typeof(QuotaUsage)] = "quota_usages",
        [typeof(QuotaReservation)] = "reservations",
    };

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        // Every typed status is stored as its Manila string, so the raw column reads like Manila's database.
        Status<ShareInstanceStatus>(builder);
        Status<SnapshotInstanceStatus>(builder);
        Status<ReplicaState>(builder);
        Status<ShareServerStatus>(builder);
        Status<ShareNetworkStatus>(builder);
        Status<AccessMappingState>(builder);
        Status<AccessRulesStatus>(builder);
        Status<ShareGroupStatus>(builder);
        Status<BackupStatus>(builder);
        Status<TaskState>(builder);
        Status<JobState>(builder);
    }

    private static void Status<TStatus>(ModelConfigurationBuilder builder) where TStatus : ManilaStatus<TStatus> =>
        builder.Properties<TStatus>().HaveConversion<StatusConverter<TStatus>>().HaveMaxLength(64);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        foreach (var (type, table) in Tables)
        {
            var entity = modelBuilder.Entity(type);
            entity.ToTable(table);
            entity.HasKey(nameof(IEntity.Id));
            foreach (var property in entity.Metadata.GetProperties())
                property.SetColumnName(SnakeCase(property.Name));
        }
        // Manila's column name for the mapping state.
        modelBuilder.Entity<AccessRuleMapping>().Property(m => m.Status).HasColumnName("state");
    }

    internal static string SnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0) text.Append('_');
            text.Append(char.ToLowerInvariant(c));
        }
        return text.ToString();
    }
}

/// <summary>Stores a typed status as Manila's string and parses it back (unknown strings fail loudly).</summary>
public sealed class StatusConverter<TStatus> : ValueConverter<TStatus, string> where TStatus : ManilaStatus<TStatus>
{
    public StatusConverter() : base(status => status.Value, value => ManilaStatus<TStatus>.Parse(value)) { }
}
