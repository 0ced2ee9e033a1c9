/*
 * The random bytes SQLCipher asks for (salts, page IVs, its own start-up seeds), read from the operating
 * system's generator rather than through OpenSSL's.
 *
 * Why: SQLCipher seeds itself from its crypto provider's RAND_bytes when SQLite initializes, in every process,
 * whether or not any library is locked. OpenSSL 3 answers the first RAND_bytes by fetching and instantiating
 * its DRBG (its providers' algorithm tables included): 7.9 million instructions, about half of a fresh
 * `haven-cli list --limit 1`. The kernel's generator is what that DRBG seeds itself from, and it is a
 * cryptographically secure generator in its own right. SQLCipher asks for 32 bytes twice at start-up (seeds for
 * wiping memory), and 80 for each page it encrypts (the page's IV, and room its HMAC then fills).
 *
 * How: .cargo/config.toml builds SQLCipher with `-DRAND_bytes=haven_random_bytes`, so its one call (and the
 * declaration in openssl/rand.h) name this function, which has RAND_bytes's contract: fill `num` bytes, return 1
 * on success and 0 on failure. A failure at start-up fails SQLite's initialization, so no library opens; while a
 * page is written, that write. haven-core's build.rs compiles this file and links it whole into every binary
 * (store/tests.rs checks that SQLCipher no longer calls OpenSSL's generator). A build without the flag links it
 * unused, and SQLCipher uses OpenSSL's generator as before. The encryption itself is unchanged: OpenSSL's, or
 * CommonCrypto's on macOS, where SQLCipher does not use OpenSSL at all.
 *
 * `PRAGMA cipher_add_random` (which Haven never runs) still feeds OpenSSL's generator, which SQLCipher no longer
 * reads.
 */

#if defined(_WIN32)

#include <windows.h>
#include <bcrypt.h>

int haven_random_bytes(unsigned char *buf, int num) {
    if (num < 0) return 0;
    if (num == 0) return 1;
    return BCRYPT_SUCCESS(BCryptGenRandom(NULL, buf, (ULONG)num, BCRYPT_USE_SYSTEM_PREFERRED_RNG)) ? 1 : 0;
}

#elif defined(__linux__)

#include <errno.h>
#include <fcntl.h>
#include <sys/random.h>
#include <unistd.h>

/* /dev/urandom, where getrandom(2) is missing (kernels before 3.17) or refused (a seccomp sandbox). */
static int from_urandom(unsigned char *buf, int num) {
    int fd;
    do {
        fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) return 0;
    while (num > 0) {
        ssize_t got = read(fd, buf, (size_t)num);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) {
            close(fd);
            return 0;
        }
        buf += got;
        num -= (int)got;
    }
    close(fd);
    return 1;
}

int haven_random_bytes(unsigned char *buf, int num) {
    if (num < 0) return 0;
    /* getrandom(2) without flags blocks only until the kernel's generator is first seeded at boot, and may
       return fewer bytes than asked for (or be interrupted by a signal): ask again for the rest. */
    while (num > 0) {
        ssize_t got = getrandom(buf, (size_t)num, 0);
        if (got < 0) {
            if (errno == EINTR) continue;
            if (errno == ENOSYS || errno == EPERM) return from_urandom(buf, num);
            return 0;
        }
        buf += got;
        num -= (int)got;
    }
    return 1;
}

#else

#include <stdlib.h>

/* macOS and the BSDs: arc4random_buf cannot fail. (On macOS SQLCipher normally uses CommonCrypto, which never
   calls this.) */
int haven_random_bytes(unsigned char *buf, int num) {
    if (num < 0) return 0;
    arc4random_buf(buf, (size_t)num);
    return 1;
}

#endif
