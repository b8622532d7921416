package peil

import "testing"

func TestRoleAllows(t *testing.T) {
	for _, tc := range []struct {
		have, need Role
		want       bool
	}{
		{RoleReader, RoleReader, true},
		{RoleReader, RoleReviewer, false},
		{RoleReviewer, RoleReviewer, true},
		{RoleReviewer, RoleAdmin, false},
		{RoleAdmin, RoleReviewer, true},
		{"", RoleReader, false},
		{"baas", RoleReader, false},
	} {
		if got := tc.have.Allows(tc.need); got != tc.want {
			t.Errorf("Role(%q).Allows(%q) = %v; want %v", tc.have, tc.need, got, tc.want)
		}
	}
}
