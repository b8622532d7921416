package analytics

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"

	"github.com/peil-dev/peil"
)

// Argon2id parameters of new password hashes: 19 MiB, two passes, one lane
// (the OWASP minimum for argon2id). Stored hashes carry their own parameters,
// so these can grow without invalidating old passwords.
const (
	argonMemory  = 19 * 1024 // KiB
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
)

// MinPasswordLength is the least number of characters of a password.
const MinPasswordLength = 12

// hashPassword returns the argon2id hash of password in the PHC string
// format: $argon2id$v=19$m=19456,t=2,p=1$salt$hash.
func hashPassword(password string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, argonMemory, argonTime, argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// checkPassword reports whether password matches the PHC hash encoded, in
// constant time for the comparison.
func checkPassword(encoded, password string) (_ bool, err error) {
	defer peil.Wrap(&err, "check password")
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errors.New("hash is not argon2id")
	}
	var version int
	var memory, time uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, fmt.Errorf("argon2 version %q", parts[2])
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &time, &threads); err != nil {
		return false, fmt.Errorf("parameters %q: %w", parts[3], err)
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false, fmt.Errorf("salt: %w", err)
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil {
		return false, fmt.Errorf("key: %w", err)
	}
	got := argon2.IDKey([]byte(password), salt, time, memory, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// passwordAlphabet has no characters that are easily mistaken for each
// other (0/O, 1/l/I).
const passwordAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// GeneratePassword returns a random password of 20 characters from a
// 56-letter alphabet (about 116 bits).
func GeneratePassword() (string, error) {
	b := make([]byte, 20)
	for i := range b {
		// Rejection sampling: 256 is not a multiple of the alphabet's size.
		for {
			var c [1]byte
			if _, err := rand.Read(c[:]); err != nil {
				return "", fmt.Errorf("generate password: %w", err)
			}
			if int(c[0]) < 256/len(passwordAlphabet)*len(passwordAlphabet) {
				b[i] = passwordAlphabet[int(c[0])%len(passwordAlphabet)]
				break
			}
		}
	}
	return string(b), nil
}

// validPassword returns an EINVALID error for a password that is too short.
func validPassword(password string) error {
	if n := len([]rune(password)); n < MinPasswordLength {
		return peil.Errorf(peil.EINVALID, "een wachtwoord heeft minstens %d tekens (dit heeft er %d)", MinPasswordLength, n)
	}
	return nil
}
