// Package authz decides what a role may do, with Casbin: tenants are
// domains, the model ships in assets/, and the policies live in the
// database's casbin_rule table.
package authz

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
	"gorm.io/gorm"

	"mediaflow/assets"
)

// Enforcer answers permission questions.
type Enforcer struct {
	e *casbin.SyncedEnforcer
}

// New loads the model and the policies from db.
func New(db *gorm.DB) (*Enforcer, error) {
	m, err := model.NewModelFromString(assets.AuthzModel())
	if err != nil {
		return nil, fmt.Errorf("load authz model: %w", err)
	}
	e, err := casbin.NewSyncedEnforcer(m, &adapter{db: db})
	if err != nil {
		return nil, fmt.Errorf("load authz policies: %w", err)
	}
	return &Enforcer{e: e}, nil
}

// TenantDomain is the Casbin domain of a tenant; 0 is the platform.
func TenantDomain(tenantID uint64) string {
	if tenantID == 0 {
		return "platform"
	}
	return "tenant:" + strconv.FormatUint(tenantID, 10)
}

// Allowed reports whether role may do act on obj in the domain.
func (e *Enforcer) Allowed(role, domain, obj, act string) (bool, error) {
	ok, err := e.e.Enforce(role, domain, obj, act)
	if err != nil {
		return false, fmt.Errorf("check permission %s:%s for %s: %w", obj, act, role, err)
	}
	return ok, nil
}

// Permissions returns which of the candidate "obj:act" permissions role holds.
func (e *Enforcer) Permissions(role, domain string, candidates [][2]string) ([]string, error) {
	var out []string
	for _, c := range candidates {
		ok, err := e.Allowed(role, domain, c[0], c[1])
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, c[0]+":"+c[1])
		}
	}
	sort.Strings(out)
	return out, nil
}

// Reload reads the policies again, after they changed in the database.
func (e *Enforcer) Reload() error { return e.e.LoadPolicy() }
