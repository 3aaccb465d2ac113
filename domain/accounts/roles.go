// Package accounts holds users, their roles in each tenant, sessions and
// API keys.
package accounts

import "mediaflow/domain"

// Role is what a member may do in a tenant.
type Role string

// Roles. PlatformAdmin is held platform-wide, never through a membership.
const (
	RoleAdmin         Role = "admin"
	RoleEditor        Role = "editor"
	RoleOperator      Role = "operator"
	RoleViewer        Role = "viewer"
	RolePlatformAdmin Role = "platform_admin"
)

// TenantRoles are the roles a membership or an API key can hold.
var TenantRoles = []Role{RoleAdmin, RoleEditor, RoleOperator, RoleViewer}

// ParseRole checks that s names a tenant role.
func ParseRole(s string) (Role, error) {
	for _, r := range TenantRoles {
		if string(r) == s {
			return r, nil
		}
	}
	return "", domain.Invalid("invalid_role", "the role must be admin, editor, operator or viewer", map[string]string{"role": "must be admin, editor, operator or viewer"})
}
