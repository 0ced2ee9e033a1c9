//! Turning a passphrase into the key that encrypts a locked library, and nothing else: no file, no database.
//!
//! A locked library is an SQLCipher file. Its key is derived from the reader's passphrase with Argon2id
//! ([`PARAMS`]: 64 MiB of memory, 3 passes, 1 lane, a 32-byte key) and a 16-byte random salt. The salt is
//! SQLCipher's own: the first 16 bytes of the file, which SQLCipher keeps unencrypted for that purpose, so a
//! locked library carries everything needed to open it except the passphrase. The key is handed to SQLCipher
//! as a raw key with that salt (`x'KEY SALT'`), so SQLCipher runs no key derivation of its own. Keys are wiped
//! from memory when dropped.

use std::fmt;

use argon2::{Algorithm, Argon2, Params, Version};
use zeroize::{Zeroize, Zeroizing};

use crate::error::{Error, ErrorKind, Result};

/// Bytes of salt at the start of a locked library.
pub const SALT_BYTES: usize = 16;

/// Bytes of key.
pub const KEY_BYTES: usize = 32;

/// Argon2id's cost: memory in KiB, passes, lanes. About half a second on a laptop core; stated in ARCHITECTURE.md.
pub const PARAMS: (u32, u32, u32) = (64 * 1024, 3, 1);

/// The shortest passphrase Haven sets.
pub const MIN_CHARS: usize = 8;

/// The longest passphrase Haven takes (far beyond any a person types, short enough to hash at once).
pub const MAX_CHARS: usize = 1024;

/// A library's salt.
pub type Salt = [u8; SALT_BYTES];

/// The key of a locked library, with the salt it was derived with. Wiped when dropped; never printed.
#[derive(Clone)]
pub struct Key {
    key: Zeroizing<[u8; KEY_BYTES]>,
    salt: Salt,
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Key(…)")
    }
}

impl Key {
    /// The key derived from `passphrase` with `salt`.
    pub fn derive(passphrase: &str, salt: &Salt) -> Result<Key> {
        let (memory, passes, lanes) = PARAMS;
        let params = Params::new(memory, passes, lanes, Some(KEY_BYTES))
            .map_err(|e| Error::new(ErrorKind::Storage, format!("the passphrase could not be used: {e}")))?;
        let mut key = Zeroizing::new([0u8; KEY_BYTES]);
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(passphrase.as_bytes(), salt, key.as_mut())
            .map_err(|e| Error::new(ErrorKind::Storage, format!("the passphrase could not be used: {e}")))?;
        Ok(Key { key, salt: *salt })
    }

    /// A key for a new locked file: `passphrase` with a fresh random salt.
    pub fn new_for(passphrase: &str) -> Result<Key> {
        Key::derive(passphrase, &fresh_salt()?)
    }

    pub fn salt(&self) -> &Salt {
        &self.salt
    }

    /// The value for SQLCipher's `PRAGMA key` (and `ATTACH ... KEY`): the raw key and the salt, in hex, quoted.
    /// Holds the key: wiped when dropped.
    pub fn pragma_value(&self) -> Zeroizing<String> {
        let mut hex = Zeroizing::new(String::with_capacity(4 + 2 * (KEY_BYTES + SALT_BYTES)));
        hex.push_str("x'");
        for byte in self.key.iter().chain(self.salt.iter()) {
            hex.push(char::from(b"0123456789ABCDEF"[usize::from(byte >> 4)]));
            hex.push(char::from(b"0123456789ABCDEF"[usize::from(byte & 15)]));
        }
        hex.push('\'');
        hex
    }
}

/// A passphrase a person may set: at least [`MIN_CHARS`] characters, not only spaces, at most [`MAX_CHARS`].
pub fn check_new(passphrase: &str) -> Result<()> {
    let chars = passphrase.chars().count();
    if passphrase.trim().is_empty() || chars < MIN_CHARS {
        return Err(Error::invalid(format!("a passphrase needs at least {MIN_CHARS} characters")));
    }
    if chars > MAX_CHARS {
        return Err(Error::invalid(format!("a passphrase can be at most {MAX_CHARS} characters long")));
    }
    Ok(())
}

fn fresh_salt() -> Result<Salt> {
    let mut salt = [0u8; SALT_BYTES];
    getrandom::fill(&mut salt)
        .map_err(|e| Error::new(ErrorKind::Storage, format!("no randomness for a new salt: {e}")))?;
    Ok(salt)
}

/// Wipes a passphrase held in a `String` (a field's value, a line read from standard input).
pub fn forget(mut passphrase: String) {
    passphrase.zeroize();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_passphrase_and_salt_give_the_same_key_and_nothing_else_does() {
        let salt = [7u8; SALT_BYTES];
        let a = Key::derive("correct horse battery", &salt).unwrap();
        let b = Key::derive("correct horse battery", &salt).unwrap();
        assert_eq!(*a.pragma_value(), *b.pragma_value());
        assert_ne!(*a.pragma_value(), *Key::derive("correct horse batterY", &salt).unwrap().pragma_value());
        assert_ne!(
            *a.pragma_value(),
            *Key::derive("correct horse battery", &[8u8; SALT_BYTES]).unwrap().pragma_value()
        );
        let value = a.pragma_value();
        assert_eq!(value.len(), 2 + 2 * (KEY_BYTES + SALT_BYTES) + 1);
        assert!(
            value.starts_with("x'") && value.ends_with(&format!("{}'", "07".repeat(SALT_BYTES))),
            "the salt goes last"
        );
        assert_eq!(format!("{a:?}"), "Key(…)", "a key never prints");
    }

    #[test]
    fn fresh_salts_differ_and_new_passphrases_are_checked() {
        assert_ne!(Key::new_for("one two three").unwrap().salt(), Key::new_for("one two three").unwrap().salt());
        assert!(check_new("short").is_err());
        assert!(check_new("        ").is_err());
        assert!(check_new(&"x".repeat(MAX_CHARS + 1)).is_err());
        assert!(check_new("a long, memorable phrase").is_ok());
    }
}
