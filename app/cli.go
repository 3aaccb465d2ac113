package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"mediaflow/app/config"
	"mediaflow/domain"
	"mediaflow/migrations"
	"mediaflow/tenants"
)

// Main runs the command line and returns the process exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	root := newRootCommand(stdin, stdout, stderr)
	root.SetArgs(args)
	if err := root.ExecuteContext(ctx); err != nil {
		printError(stderr, err)
		return 1
	}
	return 0
}

// printError writes err for a person, with per-field details on their own lines.
func printError(w io.Writer, err error) {
	fmt.Fprintf(w, "error: %v\n", err)
	var de *domain.Error
	if errors.As(err, &de) && len(de.Details) > 0 {
		keys := make([]string, 0, len(de.Details))
		for k := range de.Details {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(w, "  %s: %s\n", k, de.Details[k])
		}
	}
}

type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	envFile        string
}

func newRootCommand(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	c := &cli{stdin: stdin, stdout: stdout, stderr: stderr}
	root := &cobra.Command{
		Use:           "mediaflow",
		Short:         "MediaFlow turns text into spoken announcements for shopping malls",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.PersistentFlags().StringVar(&c.envFile, "env-file", ".env", "read settings from this file when it exists (the environment wins)")
	root.AddCommand(c.serveCommand(), c.migrateCommand(), c.tenantCommand(), c.userCommand(), c.platformAdminCommand(), c.versionCommand())
	return root
}

// open loads the configuration and connects, for commands that need the database.
func (c *cli) open(ctx context.Context, requireSchema bool) (*App, error) {
	cfg, err := config.Load(c.envFile)
	if err != nil {
		return nil, err
	}
	a, err := Open(ctx, cfg, NewLogger(cfg, c.stderr))
	if err != nil {
		return nil, err
	}
	if requireSchema {
		if err := a.RequireSchema(ctx); err != nil {
			a.Close()
			return nil, err
		}
	}
	return a, nil
}

func (c *cli) versionCommand() *cobra.Command {
	return &cobra.Command{
		Use: "version", Short: "Print the version", Args: cobra.NoArgs,
		Run: func(cmd *cobra.Command, _ []string) { fmt.Fprintln(c.stdout, "mediaflow", Version) },
	}
}

func (c *cli) serveCommand() *cobra.Command {
	var opts ServeOptions
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the web server",
		Long: "Run the web server. It refuses to start while migrations are pending unless --migrate is given.\n" +
			"--demo applies migrations and creates the demo tenants demo.localhost and mallbarrio.localhost when absent.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := c.open(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer a.Close()
			opts.Out = c.stdout
			return Serve(cmd.Context(), a, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Migrate, "migrate", false, "apply pending migrations before starting")
	cmd.Flags().BoolVar(&opts.Demo, "demo", false, "seed the demo tenants (implies --migrate)")
	return cmd
}

func (c *cli) migrateCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "migrate", Short: "Apply, roll back or list database migrations"}
	run := func(fn func(ctx context.Context, a *App) error) func(*cobra.Command, []string) error {
		return func(cmd *cobra.Command, _ []string) error {
			a, err := c.open(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer a.Close()
			return fn(cmd.Context(), a)
		}
	}
	cmd.AddCommand(
		&cobra.Command{Use: "up", Short: "Apply every pending migration", Args: cobra.NoArgs, RunE: run(func(ctx context.Context, a *App) error {
			pending, err := migrations.Pending(ctx, a.DB)
			if err != nil {
				return err
			}
			if err := migrations.Up(ctx, a.DB); err != nil {
				return err
			}
			fmt.Fprintf(c.stdout, "applied %d migration(s)\n", len(pending))
			return nil
		})},
		&cobra.Command{Use: "down", Short: "Roll back the last applied migration", Args: cobra.NoArgs, RunE: run(func(ctx context.Context, a *App) error {
			id, err := migrations.Down(ctx, a.DB)
			if err != nil {
				return err
			}
			if id == "" {
				fmt.Fprintln(c.stdout, "nothing to roll back")
				return nil
			}
			fmt.Fprintln(c.stdout, "rolled back", id)
			return nil
		})},
		&cobra.Command{Use: "status", Short: "List migrations and whether each is applied", Args: cobra.NoArgs, RunE: run(func(ctx context.Context, a *App) error {
			list, err := migrations.List(ctx, a.DB)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "MIGRATION\tSTATUS")
			for _, s := range list {
				state := "pending"
				if s.Applied {
					state = "applied"
				}
				fmt.Fprintf(tw, "%s\t%s\n", s.ID, state)
			}
			return tw.Flush()
		})},
	)
	return cmd
}

func (c *cli) tenantCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "tenant", Short: "Manage tenants (malls) and their host names"}
	var asJSON bool
	show := func(t *tenants.Tenant) error {
		if asJSON {
			return printTenantJSON(c.stdout, t)
		}
		printTenant(c.stdout, t)
		return nil
	}
	// withTenants runs fn with the tenant service and prints the tenant it returns.
	withTenants := func(fn func(ctx context.Context, svc *tenants.Service, args []string) (*tenants.Tenant, error)) func(*cobra.Command, []string) error {
		return func(cmd *cobra.Command, args []string) error {
			a, err := c.open(cmd.Context(), true)
			if err != nil {
				return err
			}
			defer a.Close()
			t, err := fn(cliContext(cmd.Context()), a.Tenants, args)
			if err != nil {
				return err
			}
			return show(t)
		}
	}

	var in tenants.CreateInput
	create := &cobra.Command{
		Use: "create", Short: "Create a tenant with its first host name", Args: cobra.NoArgs,
		Example: `  mediaflow tenant create --slug mallbarrio --name "Mall Barrio Independencia" --host mallbarrio.localhost --primary-color '#E91E63' --secondary-color '#9C27B0'`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := c.open(cmd.Context(), true)
			if err != nil {
				return err
			}
			defer a.Close()
			ctx := cliContext(cmd.Context())
			t, err := a.Tenants.Create(ctx, in)
			if err != nil {
				return err
			}
			if err := a.ProvisionTenant(ctx, t); err != nil {
				fmt.Fprintf(c.stderr, "warning: the tenant was created but its voices and sounds were not: %v\n", err)
			}
			return show(t)
		},
	}
	f := create.Flags()
	f.StringVar(&in.Slug, "slug", "", "short name used in URLs and storage (required)")
	f.StringVar(&in.Name, "name", "", "name shown to users (required)")
	f.StringVar(&in.Host, "host", "", "first host name, such as mall.mediaflow.cl (required)")
	f.StringVar(&in.PrimaryColor, "primary-color", "", "primary colour as #RRGGBB (default "+tenants.DefaultPrimaryColor+")")
	f.StringVar(&in.SecondaryColor, "secondary-color", "", "secondary colour as #RRGGBB (default "+tenants.DefaultSecondaryColor+")")
	f.StringVar(&in.Theme, "theme", "", "light or dark (default light)")
	f.StringVar(&in.Locale, "locale", "", "interface language: es-CL or en (default es-CL)")
	f.StringVar(&in.TimeZone, "timezone", "", "IANA time zone (default "+tenants.DefaultTimeZone+")")
	for _, name := range []string{"slug", "name", "host"} {
		create.MarkFlagRequired(name)
	}

	list := &cobra.Command{
		Use: "list", Short: "List tenants", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := c.open(cmd.Context(), true)
			if err != nil {
				return err
			}
			defer a.Close()
			all, err := a.Tenants.List(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				out := make([]tenantJSON, 0, len(all))
				for i := range all {
					out = append(out, toTenantJSON(&all[i]))
				}
				return writeJSON(c.stdout, out)
			}
			tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "SLUG\tNAME\tSTATUS\tPRIMARY HOST\tHOSTS")
			for _, t := range all {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\n", t.Slug, t.Name, t.Status, t.PrimaryHost(), len(t.Hosts))
			}
			return tw.Flush()
		},
	}

	showCmd := &cobra.Command{Use: "show SLUG", Short: "Show one tenant", Args: cobra.ExactArgs(1),
		RunE: withTenants(func(ctx context.Context, svc *tenants.Service, args []string) (*tenants.Tenant, error) {
			return svc.Get(ctx, args[0])
		})}

	var patch tenants.Patch
	update := &cobra.Command{Use: "update SLUG", Short: "Change a tenant's name, colours, theme, locale or time zone", Args: cobra.ExactArgs(1)}
	uf := update.Flags()
	fields := map[string]**string{"name": &patch.Name, "primary-color": &patch.PrimaryColor, "secondary-color": &patch.SecondaryColor,
		"theme": &patch.Theme, "locale": &patch.Locale, "timezone": &patch.TimeZone}
	values := map[string]*string{}
	for name := range fields {
		values[name] = uf.String(name, "", "new "+strings.ReplaceAll(name, "-", " "))
	}
	update.RunE = withTenants(func(ctx context.Context, svc *tenants.Service, args []string) (*tenants.Tenant, error) {
		changed := false
		for name, dst := range fields {
			if update.Flags().Changed(name) {
				*dst, changed = values[name], true
			}
		}
		if !changed {
			return nil, domain.Invalid("nothing_to_update", "give at least one of --name, --primary-color, --secondary-color, --theme, --locale, --timezone", nil)
		}
		return svc.Update(ctx, args[0], patch)
	})

	status := func(use, short string, s tenants.Status) *cobra.Command {
		return &cobra.Command{Use: use + " SLUG", Short: short, Args: cobra.ExactArgs(1),
			RunE: withTenants(func(ctx context.Context, svc *tenants.Service, args []string) (*tenants.Tenant, error) {
				return svc.SetStatus(ctx, args[0], s)
			})}
	}

	var primary bool
	addHost := &cobra.Command{Use: "add-host SLUG HOST", Short: "Map another host name to a tenant", Args: cobra.ExactArgs(2),
		RunE: withTenants(func(ctx context.Context, svc *tenants.Service, args []string) (*tenants.Tenant, error) {
			return svc.AddHost(ctx, args[0], args[1], primary)
		})}
	addHost.Flags().BoolVar(&primary, "primary", false, "make it the tenant's primary host")
	removeHost := &cobra.Command{Use: "remove-host SLUG HOST", Short: "Unmap a host name from a tenant", Args: cobra.ExactArgs(2),
		RunE: withTenants(func(ctx context.Context, svc *tenants.Service, args []string) (*tenants.Tenant, error) {
			return svc.RemoveHost(ctx, args[0], args[1])
		})}

	cmd.AddCommand(create, list, showCmd, update,
		status("suspend", "Stop serving a tenant (its data is kept)", tenants.StatusSuspended),
		status("resume", "Serve a suspended tenant again", tenants.StatusActive),
		addHost, removeHost)
	cmd.PersistentFlags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

type tenantJSON struct {
	ID             uint64   `json:"id"`
	Slug           string   `json:"slug"`
	Name           string   `json:"name"`
	Status         string   `json:"status"`
	PrimaryColor   string   `json:"primary_color"`
	SecondaryColor string   `json:"secondary_color"`
	Theme          string   `json:"theme"`
	Locale         string   `json:"locale"`
	TimeZone       string   `json:"timezone"`
	PrimaryHost    string   `json:"primary_host"`
	Hosts          []string `json:"hosts"`
}

func toTenantJSON(t *tenants.Tenant) tenantJSON {
	out := tenantJSON{ID: t.ID, Slug: t.Slug, Name: t.Name, Status: string(t.Status), PrimaryColor: t.PrimaryColor,
		SecondaryColor: t.SecondaryColor, Theme: t.Theme, Locale: t.Locale, TimeZone: t.TimeZone, PrimaryHost: t.PrimaryHost(), Hosts: []string{}}
	for _, h := range t.Hosts {
		out.Hosts = append(out.Hosts, h.Name)
	}
	return out
}

func printTenantJSON(w io.Writer, t *tenants.Tenant) error { return writeJSON(w, toTenantJSON(t)) }

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func printTenant(w io.Writer, t *tenants.Tenant) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "slug\t%s\nname\t%s\nstatus\t%s\nprimary colour\t%s\nsecondary colour\t%s\ntheme\t%s\nlocale\t%s\ntime zone\t%s\n",
		t.Slug, t.Name, t.Status, t.PrimaryColor, t.SecondaryColor, t.Theme, t.Locale, t.TimeZone)
	for _, h := range t.Hosts {
		mark := ""
		if h.Primary {
			mark = " (primary)"
		}
		fmt.Fprintf(tw, "host\t%s%s\n", h.Name, mark)
	}
	tw.Flush()
}
