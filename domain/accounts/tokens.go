package accounts

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// accessClaims is what an access token says. The epochs let a sign-out or
// a role change end the token before it expires.
type accessClaims struct {
	jwt.RegisteredClaims
	TenantID        uint64 `json:"tid"`
	UserEpoch       int64  `json:"uep"`
	MembershipEpoch int64  `json:"mep"`
	TenantEpoch     int64  `json:"tep"`
	Type            string `json:"typ"`
}

// Tokens signs and checks access tokens with a key derived from SECRET_KEY.
type Tokens struct {
	key []byte
	ttl time.Duration
	now func() time.Time
}

// NewTokens returns a token signer. ttl is the access token's lifetime.
func NewTokens(secret string, ttl time.Duration) *Tokens {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("mediaflow access token v1"))
	return &Tokens{key: mac.Sum(nil), ttl: ttl, now: time.Now}
}

// TTL is the access token's lifetime.
func (t *Tokens) TTL() time.Duration { return t.ttl }

type tokenSubject struct {
	userID, tenantID                        uint64
	userEpoch, membershipEpoch, tenantEpoch int64
}

func (t *Tokens) issue(s tokenSubject) (string, time.Time, error) {
	now := t.now().UTC()
	exp := now.Add(t.ttl)
	claims := accessClaims{
		RegisteredClaims: jwt.RegisteredClaims{
			Subject:   strconv.FormatUint(s.userID, 10),
			IssuedAt:  jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(exp),
			ID:        randomToken(9),
			Issuer:    "mediaflow",
		},
		TenantID: s.tenantID, UserEpoch: s.userEpoch, MembershipEpoch: s.membershipEpoch, TenantEpoch: s.tenantEpoch, Type: "access",
	}
	signed, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(t.key)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("sign access token: %w", err)
	}
	return signed, exp, nil
}

var errTokenInvalid = errors.New("invalid access token")

func (t *Tokens) parse(raw string) (*accessClaims, error) {
	var c accessClaims
	_, err := jwt.ParseWithClaims(raw, &c, func(*jwt.Token) (any, error) { return t.key, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithIssuer("mediaflow"),
		jwt.WithExpirationRequired(),
		jwt.WithTimeFunc(t.now),
	)
	if err != nil {
		if errors.Is(err, jwt.ErrTokenExpired) {
			return nil, errTokenExpired
		}
		return nil, errTokenInvalid
	}
	if c.Type != "access" {
		return nil, errTokenInvalid
	}
	return &c, nil
}

var errTokenExpired = errors.New("access token expired")

// randomToken returns n random bytes encoded for URLs.
func randomToken(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// hashToken is how refresh tokens and API keys are stored: they carry
// enough randomness that a fast hash is safe.
func hashToken(raw string) string {
	sum := sha256.Sum256([]byte(raw))
	return hex.EncodeToString(sum[:])
}
