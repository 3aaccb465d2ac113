package app

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"mediaflow/domain"
	"mediaflow/domain/accounts"
	"mediaflow/domain/audit"
)

// readPassword returns --password when given; otherwise it prompts on a
// terminal without echo, or reads one line from standard input.
func (c *cli) readPassword(flag string, prompt string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	if f, ok := c.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(c.stderr, prompt)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(c.stderr)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		return string(b), nil
	}
	line, err := bufio.NewReader(c.stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password from standard input: %w", err)
	}
	if line = strings.TrimRight(line, "\r\n"); line == "" {
		return "", domain.Invalid("weak_password", "no password given", map[string]string{"password": "give --password, type it at the prompt, or pipe it on standard input"})
	}
	return line, nil
}

func cliContext(ctx context.Context) context.Context {
	return audit.WithActor(ctx, audit.Actor{Label: "cli"})
}

func (c *cli) userCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "user", Short: "Manage users and their roles in tenants"}
	var tenant, email, name, role, password string
	create := &cobra.Command{
		Use: "create", Short: "Create a user (or add an existing one) with a role in a tenant", Args: cobra.NoArgs,
		Example: "  mediaflow user create --tenant mallbarrio --email ana@mallbarrio.cl --role admin\n" +
			"  echo \"$PASSWORD\" | mediaflow user create --tenant mallbarrio --email bot@mallbarrio.cl --role editor",
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := c.open(cmd.Context(), true)
			if err != nil {
				return err
			}
			defer a.Close()
			ctx := cliContext(cmd.Context())
			t, err := a.Tenants.Get(ctx, tenant)
			if err != nil {
				return err
			}
			realm := accounts.Realm{TenantID: t.ID, TenantSlug: t.Slug}
			pw := password
			if _, err := a.Accounts.UserByEmail(ctx, email); errors.Is(err, domain.ErrNotFound) {
				if pw, err = c.readPassword(password, "Password for "+email+": "); err != nil {
					return err
				}
			}
			added, err := a.Accounts.AddMember(ctx, realm, nil, accounts.NewMember{Email: email, Name: name, Role: role, Password: pw}, accounts.Client{})
			if err != nil {
				return err
			}
			verb := "added existing user"
			if added.NewUser {
				verb = "created user"
			}
			fmt.Fprintf(c.stdout, "%s %s as %s of %s\n", verb, added.Member.User.Email, added.Member.Membership.Role, t.Slug)
			return nil
		},
	}
	f := create.Flags()
	f.StringVar(&tenant, "tenant", "", "tenant slug (required)")
	f.StringVar(&email, "email", "", "email (required)")
	f.StringVar(&name, "name", "", "display name")
	f.StringVar(&role, "role", "", "admin, editor, operator or viewer (required)")
	f.StringVar(&password, "password", "", "password, for scripts; otherwise prompted or read from standard input")
	for _, n := range []string{"tenant", "email", "role"} {
		create.MarkFlagRequired(n)
	}

	var spEmail, spPassword string
	setPassword := &cobra.Command{
		Use: "set-password", Short: "Set a user's password and sign them out everywhere", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := c.open(cmd.Context(), true)
			if err != nil {
				return err
			}
			defer a.Close()
			pw, err := c.readPassword(spPassword, "New password for "+spEmail+": ")
			if err != nil {
				return err
			}
			if err := a.Accounts.SetPassword(cmd.Context(), spEmail, pw); err != nil {
				return err
			}
			fmt.Fprintf(c.stdout, "password changed for %s; their sessions have ended\n", accounts.NormalizeEmail(spEmail))
			return nil
		},
	}
	setPassword.Flags().StringVar(&spEmail, "email", "", "email (required)")
	setPassword.Flags().StringVar(&spPassword, "password", "", "password, for scripts; otherwise prompted or read from standard input")
	setPassword.MarkFlagRequired("email")

	cmd.AddCommand(create, setPassword)
	return cmd
}

func (c *cli) platformAdminCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "platform-admin", Short: "Manage the platform's administrators"}
	var email, name, password string
	add := &cobra.Command{
		Use: "add", Short: "Make a user a platform admin, creating the user when new", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := c.open(cmd.Context(), true)
			if err != nil {
				return err
			}
			defer a.Close()
			ctx := cliContext(cmd.Context())
			pw := password
			if _, err := a.Accounts.UserByEmail(ctx, email); errors.Is(err, domain.ErrNotFound) {
				if pw, err = c.readPassword(password, "Password for "+email+": "); err != nil {
					return err
				}
			}
			u, _, err := a.Accounts.EnsurePlatformAdmin(ctx, email, name, pw)
			if err != nil {
				return err
			}
			fmt.Fprintf(c.stdout, "%s is a platform admin\n", u.Email)
			return nil
		},
	}
	add.Flags().StringVar(&email, "email", "", "email (required)")
	add.Flags().StringVar(&name, "name", "", "display name")
	add.Flags().StringVar(&password, "password", "", "password for a new user, for scripts; otherwise prompted or read from standard input")
	add.MarkFlagRequired("email")
	cmd.AddCommand(add)
	return cmd
}
