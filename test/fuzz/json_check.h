/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * A strict JSON syntax check (RFC 8259) for the identify fuzzer: one value,
 * whitespace around it, strings without raw control characters and with
 * valid escapes, numbers in JSON's grammar.  Output that is not plain ASCII
 * is refused too: identify prints only ASCII.
 */
#ifndef EALNVME_JSON_CHECK_H
#define EALNVME_JSON_CHECK_H

#include <stdbool.h>
#include <string.h>

struct jc {
	const char	*p;
	int		depth;
};

static bool jc_value(struct jc *j);

static void
jc_ws(struct jc *j)
{
	while (*j->p == ' ' || *j->p == '\n' || *j->p == '\r' || *j->p == '\t') {
		j->p++;
	}
}

static bool
jc_lit(struct jc *j, const char *lit)
{
	size_t n = strlen(lit);

	if (strncmp(j->p, lit, n) != 0) {
		return false;
	}
	j->p += n;
	return true;
}

static bool
jc_string(struct jc *j)
{
	if (*j->p++ != '"') {
		return false;
	}
	for (;;) {
		unsigned char c = (unsigned char)*j->p++;

		if (c == '"') {
			return true;
		}
		if (c < 0x20 || c >= 0x80) {
			return false;	/* includes the terminating NUL */
		}
		if (c == '\\') {
			c = (unsigned char)*j->p++;
			if (c == 'u') {
				for (int i = 0; i < 4; i++, j->p++) {
					if (strchr("0123456789abcdefABCDEF", *j->p) == NULL ||
					    *j->p == '\0') {
						return false;
					}
				}
			} else if (c == '\0' || strchr("\"\\/bfnrt", c) == NULL) {
				return false;
			}
		}
	}
}

static bool
jc_digits(struct jc *j)
{
	const char *start = j->p;

	while (*j->p >= '0' && *j->p <= '9') {
		j->p++;
	}
	return j->p != start;
}

static bool
jc_number(struct jc *j)
{
	if (*j->p == '-') {
		j->p++;
	}
	if (*j->p == '0') {
		j->p++;
	} else if (!jc_digits(j)) {
		return false;
	}
	if (*j->p == '.') {
		j->p++;
		if (!jc_digits(j)) {
			return false;
		}
	}
	if (*j->p == 'e' || *j->p == 'E') {
		j->p++;
		if (*j->p == '+' || *j->p == '-') {
			j->p++;
		}
		return jc_digits(j);
	}
	return true;
}

/* Members or elements up to the closing bracket; open is already consumed. */
static bool
jc_container(struct jc *j, bool object)
{
	char close = object ? '}' : ']';

	if (++j->depth > 64) {
		return false;
	}
	jc_ws(j);
	if (*j->p == close) {
		j->p++;
		j->depth--;
		return true;
	}
	for (;;) {
		jc_ws(j);
		if (object) {
			if (!jc_string(j)) {
				return false;
			}
			jc_ws(j);
			if (*j->p++ != ':') {
				return false;
			}
		}
		if (!jc_value(j)) {
			return false;
		}
		jc_ws(j);
		if (*j->p == ',') {
			j->p++;
			continue;
		}
		if (*j->p++ != close) {
			return false;
		}
		j->depth--;
		return true;
	}
}

static bool
jc_value(struct jc *j)
{
	jc_ws(j);
	switch (*j->p) {
	case '{':
		j->p++;
		return jc_container(j, true);
	case '[':
		j->p++;
		return jc_container(j, false);
	case '"':
		return jc_string(j);
	case 't':
		return jc_lit(j, "true");
	case 'f':
		return jc_lit(j, "false");
	case 'n':
		return jc_lit(j, "null");
	default:
		return jc_number(j);
	}
}

/* text: NUL-terminated; true if it is exactly one JSON value. */
static inline bool
json_check(const char *text)
{
	struct jc j = { text, 0 };

	if (!jc_value(&j)) {
		return false;
	}
	jc_ws(&j);
	return *j.p == '\0';
}

#endif /* EALNVME_JSON_CHECK_H */
