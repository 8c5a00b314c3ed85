/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * String helpers of SPDK's string.h (lib/util/string.c).  Allocating
 * functions return memory for free(); functions that take a char * edit it
 * in place.
 */
#ifndef SPDK_STRING_H
#define SPDK_STRING_H

#include "spdk/stdinc.h"

#ifdef __cplusplus
extern "C" {
#endif

/* SPDK_STRINGIFY(x): x after macro expansion, as a string literal. */
#define _SPDK_STRINGIFY(x)	#x
#define SPDK_STRINGIFY(x)	_SPDK_STRINGIFY(x)

/* printf into a new buffer; NULL when out of memory or on a format error. */
char *spdk_sprintf_alloc(const char *format, ...) __attribute__((format(printf, 1, 2)));
char *spdk_vsprintf_alloc(const char *format, va_list args);

/*
 * Append formatted text to 'buffer' (a malloc'ed string, or NULL), growing
 * it with realloc().  Returns the new string; on failure NULL, and 'buffer'
 * is left as it was (still the caller's to free).
 */
char *spdk_sprintf_append_realloc(char *buffer, const char *format, ...)
	__attribute__((format(printf, 2, 3)));
char *spdk_vsprintf_append_realloc(char *buffer, const char *format, va_list args);

/* Lowercase s in place; returns s (NULL for NULL). */
char *spdk_strlwr(char *s);

/*
 * strsep() that honours quoting: '...' and "..." protect delimiters, a
 * backslash protects the next character (also inside "..."), and the quotes
 * and backslashes are removed.  A newline ends the input.  Runs of
 * delimiters after a field are skipped.  *stringp moves to the next field, or
 * becomes NULL at the end.
 */
char *spdk_strsepq(char **stringp, const char *delim);

/* Remove leading and trailing whitespace in place; returns s. */
char *spdk_str_trim(char *s);

/* strerror() into buf, never failing: unknown codes give "Unknown error N". */
void spdk_strerror_r(int errnum, char *buf, size_t buflen);

/* strerror() from a thread-local buffer, so safe to call from any thread. */
const char *spdk_strerror(int errnum);

/* Strip trailing '\r' and '\n' characters; returns how many were removed. */
size_t spdk_str_chomp(char *s);

/*
 * Copy src into the fixed-size field dst and fill the rest with 'pad' (for
 * space-padded identifiers such as NVMe serial numbers).  dst is not
 * NUL-terminated; at most 'size' bytes of src are copied.
 */
void spdk_strcpy_pad(void *dst, const char *src, size_t size, int pad);

/* Length of str without its trailing 'pad' bytes, looking at 'size' bytes. */
size_t spdk_strlen_pad(const void *str, size_t size, int pad);

/*
 * Split "host:port", "host", "[v6addr]:port" or "[v6addr]" in place.  *host
 * and *port point into ip; *port is NULL when there is none.  0, or -EINVAL
 * for NULL or an unclosed '[' or text after ']' that is not ":port".
 */
int spdk_parse_ip_addr(char *ip, char **host, char **port);

/*
 * A decimal byte count with an optional binary suffix: K, M or G (either
 * case, 1024-based), optionally followed by B.  *has_prefix (may be NULL)
 * says whether a suffix was present.  0, -EINVAL for text that is not such a
 * number, -ERANGE when it does not fit in 64 bits.
 */
int spdk_parse_capacity(const char *cap_str, uint64_t *cap, bool *has_prefix);

/* True when all 'size' bytes of data are zero (true for size 0). */
bool spdk_mem_all_zero(const void *data, size_t size);

/*
 * strtol()/strtoll() for non-negative numbers that must be the whole string.
 * base is 0 or 2..36, as for strtol().  Returns the value (>= 0), -EINVAL
 * when the string has characters after the number or no number at all,
 * -ERANGE for a negative number or one that does not fit.  As in SPDK, an
 * empty string gives 0.
 */
long int spdk_strtol(const char *nptr, int base);
long long int spdk_strtoll(const char *nptr, int base);

/*
 * Split str at every character of delim (as strpbrk() finds them) into a
 * NULL-terminated array of new strings; empty fields are empty strings.
 * NULL when out of memory.  Free with spdk_strarray_free().
 */
char **spdk_strarray_from_string(const char *str, const char *delim);
/* Deep copy of a NULL-terminated string array, or NULL when out of memory. */
char **spdk_strarray_dup(const char **strarray);
/* Free an array from the two functions above (NULL is fine). */
void spdk_strarray_free(char **strarray);

/*
 * Copy src into dst (size bytes) with every occurrence of 'search' replaced
 * by 'replace'.  0, or -EINVAL for a NULL argument, an empty 'search', or a
 * result (with its NUL) that does not fit.
 */
int spdk_strcpy_replace(char *dst, size_t size, const char *src, const char *search,
			const char *replace);

#ifdef __cplusplus
}
#endif

#endif /* SPDK_STRING_H */
