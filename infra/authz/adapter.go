package authz

import (
	"errors"

	"github.com/casbin/casbin/v2/model"
	"github.com/casbin/casbin/v2/persist"
	"gorm.io/gorm"
)

// rule is a row of casbin_rule.
type rule struct {
	ID    uint64 `gorm:"primaryKey"`
	Ptype string
	V0    string
	V1    string
	V2    string
	V3    string
	V4    string
	V5    string
}

func (rule) TableName() string { return "casbin_rule" }

func (r rule) values() []string {
	vals := []string{r.Ptype, r.V0, r.V1, r.V2, r.V3, r.V4, r.V5}
	for len(vals) > 1 && vals[len(vals)-1] == "" {
		vals = vals[:len(vals)-1]
	}
	return vals
}

func newRule(ptype string, values []string) rule {
	r := rule{Ptype: ptype}
	fields := []*string{&r.V0, &r.V1, &r.V2, &r.V3, &r.V4, &r.V5}
	for i, v := range values {
		if i < len(fields) {
			*fields[i] = v
		}
	}
	return r
}

// adapter keeps Casbin's policies in our own table through GORM. The
// published GORM adapter for Casbin v2 pulls in MySQL and SQL Server
// drivers, and its newer releases no longer fit Casbin v2.
type adapter struct {
	db *gorm.DB
}

var _ persist.Adapter = (*adapter)(nil)

func (a *adapter) LoadPolicy(m model.Model) error {
	var rules []rule
	if err := a.db.Order("id").Find(&rules).Error; err != nil {
		return err
	}
	for _, r := range rules {
		if err := persist.LoadPolicyArray(r.values(), m); err != nil {
			return err
		}
	}
	return nil
}

func (a *adapter) SavePolicy(m model.Model) error {
	return a.db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("1 = 1").Delete(&rule{}).Error; err != nil {
			return err
		}
		for _, sec := range []string{"p", "g"} {
			for ptype, ast := range m[sec] {
				for _, values := range ast.Policy {
					r := newRule(ptype, values)
					if err := tx.Create(&r).Error; err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
}

func (a *adapter) AddPolicy(sec, ptype string, values []string) error {
	r := newRule(ptype, values)
	return a.db.Create(&r).Error
}

func (a *adapter) RemovePolicy(sec, ptype string, values []string) error {
	r := newRule(ptype, values)
	return a.db.Where("ptype = ? AND v0 = ? AND v1 = ? AND v2 = ? AND v3 = ? AND v4 = ? AND v5 = ?",
		r.Ptype, r.V0, r.V1, r.V2, r.V3, r.V4, r.V5).Delete(&rule{}).Error
}

func (a *adapter) RemoveFilteredPolicy(sec, ptype string, fieldIndex int, fieldValues ...string) error {
	if fieldIndex < 0 || fieldIndex+len(fieldValues) > 6 {
		return errors.New("casbin filter out of range")
	}
	q := a.db.Where("ptype = ?", ptype)
	cols := []string{"v0", "v1", "v2", "v3", "v4", "v5"}
	for i, v := range fieldValues {
		if v != "" {
			q = q.Where(cols[fieldIndex+i]+" = ?", v)
		}
	}
	return q.Delete(&rule{}).Error
}
