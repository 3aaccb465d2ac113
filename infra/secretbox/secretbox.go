// Package secretbox encrypts secrets kept in the database, such as a
// tenant's speech provider key, with AES-256-GCM under a key derived from
// SECRET_KEY. Changing SECRET_KEY makes the stored secrets unreadable.
package secretbox

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
)

// prefix marks the format, so a future one can be told apart.
const prefix = "v1:"

// Box seals and opens secrets.
type Box struct {
	aead cipher.AEAD
}

// New derives the encryption key from secret.
func New(secret string) (*Box, error) {
	if secret == "" {
		return nil, errors.New("secretbox: empty secret")
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("mediaflow secretbox v1"))
	block, err := aes.NewCipher(mac.Sum(nil))
	if err != nil {
		return nil, fmt.Errorf("secretbox: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("secretbox: %w", err)
	}
	return &Box{aead: aead}, nil
}

// Seal encrypts plain with a random nonce.
func (b *Box) Seal(plain string) (string, error) {
	nonce := make([]byte, b.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("secretbox: %w", err)
	}
	sealed := b.aead.Seal(nonce, nonce, []byte(plain), nil)
	return prefix + base64.RawStdEncoding.EncodeToString(sealed), nil
}

// ErrUnreadable means the sealed text was not made by this key.
var ErrUnreadable = errors.New("secretbox: the secret cannot be decrypted with this SECRET_KEY")

// Open decrypts what Seal made.
func (b *Box) Open(sealed string) (string, error) {
	if len(sealed) < len(prefix) || sealed[:len(prefix)] != prefix {
		return "", ErrUnreadable
	}
	raw, err := base64.RawStdEncoding.DecodeString(sealed[len(prefix):])
	if err != nil || len(raw) < b.aead.NonceSize() {
		return "", ErrUnreadable
	}
	plain, err := b.aead.Open(nil, raw[:b.aead.NonceSize()], raw[b.aead.NonceSize():], nil)
	if err != nil {
		return "", ErrUnreadable
	}
	return string(plain), nil
}
