/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * String helpers of spdk/string.h.  Where SPDK's behaviour is loose (trailing
 * text after a capacity, an empty search string) these are stricter; see
 * docs/spdk-compat.md.
 */
#include "spdk/string.h"

char *
spdk_vsprintf_append_realloc(char *buffer, const char *format, va_list args)
{
	size_t old_len = buffer != NULL ? strlen(buffer) : 0;
	va_list measure;
	char *grown;
	int add;

	va_copy(measure, args);
	add = vsnprintf(NULL, 0, format, measure);
	va_end(measure);
	if (add < 0) {
		return NULL;
	}
	/* realloc() leaves 'buffer' intact when it fails. */
	grown = realloc(buffer, old_len + (size_t)add + 1);
	if (grown == NULL) {
		return NULL;
	}
	vsnprintf(grown + old_len, (size_t)add + 1, format, args);
	return grown;
}

char *
spdk_sprintf_append_realloc(char *buffer, const char *format, ...)
{
	va_list ap;
	char *s;

	va_start(ap, format);
	s = spdk_vsprintf_append_realloc(buffer, format, ap);
	va_end(ap);
	return s;
}

char *
spdk_vsprintf_alloc(const char *format, va_list args)
{
	return spdk_vsprintf_append_realloc(NULL, format, args);
}

char *
spdk_sprintf_alloc(const char *format, ...)
{
	va_list ap;
	char *s;

	va_start(ap, format);
	s = spdk_vsprintf_alloc(format, ap);
	va_end(ap);
	return s;
}

char *
spdk_strlwr(char *s)
{
	if (s == NULL) {
		return NULL;
	}
	for (char *p = s; *p != '\0'; p++) {
		*p = (char)tolower((unsigned char)*p);
	}
	return s;
}

char *
spdk_strsepq(char **stringp, const char *delim)
{
	char *field = *stringp, *in, *out;
	char quote = 0;
	bool escaped = false, at_newline = false;

	if (field == NULL) {
		return NULL;
	}
	/* Unquote in place: 'out' trails 'in'. */
	for (in = out = field; *in != '\0'; in++) {
		char c = *in;

		if (c == '\n') {
			at_newline = true;
			break;
		}
		if (escaped) {
			escaped = false;
			*out++ = c;
		} else if (quote != 0) {
			if (c == quote) {
				quote = 0;
			} else if (c == '\\' && quote == '"') {
				escaped = true;
			} else {
				*out++ = c;
			}
		} else if (c == '\\') {
			escaped = true;
		} else if (c == '"' || c == '\'') {
			quote = c;
		} else if (strchr(delim, c) != NULL) {
			in++;
			break;
		} else {
			*out++ = c;
		}
	}
	/* A newline is a delimiter if the caller says so, else the end of input. */
	if (at_newline) {
		if (strchr(delim, '\n') == NULL) {
			*out = '\0';
			*stringp = NULL;
			return field;
		}
		in++;
	}
	*out = '\0';
	while (*in != '\0' && strchr(delim, *in) != NULL) {
		in++;
	}
	*stringp = *in != '\0' ? in : NULL;
	return field;
}

char *
spdk_str_trim(char *s)
{
	char *start, *end;

	if (s == NULL) {
		return NULL;
	}
	for (start = s; *start != '\0' && isspace((unsigned char)*start); start++) {
	}
	end = start + strlen(start);
	while (end > start && isspace((unsigned char)end[-1])) {
		end--;
	}
	memmove(s, start, (size_t)(end - start));
	s[end - start] = '\0';
	return s;
}

size_t
spdk_str_chomp(char *s)
{
	size_t len = strlen(s), removed = 0;

	while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r')) {
		s[--len] = '\0';
		removed++;
	}
	return removed;
}

void
spdk_strerror_r(int errnum, char *buf, size_t buflen)
{
	if (buflen == 0) {
		return;
	}
#if defined(__GLIBC__) && defined(_GNU_SOURCE)
	/* GNU strerror_r() may return a static string instead of filling buf. */
	const char *msg = strerror_r(errnum, buf, buflen);

	if (msg == NULL) {
		snprintf(buf, buflen, "Unknown error %d", errnum);
	} else if (msg != buf) {
		snprintf(buf, buflen, "%s", msg);
	}
#else
	if (strerror_r(errnum, buf, buflen) != 0) {
		snprintf(buf, buflen, "Unknown error %d", errnum);
	}
#endif
}

const char *
spdk_strerror(int errnum)
{
	static __thread char buf[128];

	spdk_strerror_r(errnum, buf, sizeof(buf));
	return buf;
}

void
spdk_strcpy_pad(void *dst, const char *src, size_t size, int pad)
{
	size_t len = strnlen(src, size);

	memcpy(dst, src, len);
	memset((char *)dst + len, pad, size - len);
}

size_t
spdk_strlen_pad(const void *str, size_t size, int pad)
{
	const uint8_t *b = (const uint8_t *)str;

	while (size > 0 && b[size - 1] == (uint8_t)pad) {
		size--;
	}
	return size;
}

int
spdk_parse_ip_addr(char *ip, char **host, char **port)
{
	char *rest;

	if (ip == NULL || host == NULL || port == NULL) {
		return -EINVAL;
	}
	*host = NULL;
	*port = NULL;
	if (ip[0] == '[') {
		/* IPv6 literal: the address itself contains colons. */
		rest = strchr(ip, ']');
		if (rest == NULL) {
			return -EINVAL;
		}
		*rest++ = '\0';
		*host = ip + 1;
		if (*rest == '\0') {
			return 0;
		}
		if (*rest != ':') {
			return -EINVAL;
		}
		rest++;
	} else {
		*host = ip;
		rest = strchr(ip, ':');
		if (rest == NULL) {
			return 0;
		}
		*rest++ = '\0';
	}
	if (*rest != '\0') {
		*port = rest;
	}
	return 0;
}

int
spdk_parse_capacity(const char *cap_str, uint64_t *cap, bool *has_prefix)
{
	unsigned long long value;
	unsigned shift = 0;
	char *end;

	if (cap_str == NULL || cap == NULL || !isdigit((unsigned char)cap_str[0])) {
		return -EINVAL;
	}
	errno = 0;
	value = strtoull(cap_str, &end, 10);
	if (errno == ERANGE) {
		return -ERANGE;
	}
	switch (*end) {
	case '\0':
		break;
	case 'k': case 'K':
		shift = 10;
		break;
	case 'm': case 'M':
		shift = 20;
		break;
	case 'g': case 'G':
		shift = 30;
		break;
	default:
		return -EINVAL;
	}
	if (shift != 0) {
		end++;
		if (*end == 'b' || *end == 'B') {
			end++;
		}
		if (*end != '\0') {
			return -EINVAL;
		}
		if (value > (UINT64_MAX >> shift)) {
			return -ERANGE;
		}
	}
	*cap = (uint64_t)value << shift;
	if (has_prefix != NULL) {
		*has_prefix = shift != 0;
	}
	return 0;
}

bool
spdk_mem_all_zero(const void *data, size_t size)
{
	const uint8_t *b = (const uint8_t *)data;

	for (size_t i = 0; i < size; i++) {
		if (b[i] != 0) {
			return false;
		}
	}
	return true;
}

long int
spdk_strtol(const char *nptr, int base)
{
	char *end;
	long v;

	/* strtol() reports overflow and a bad base only through errno. */
	errno = 0;
	v = strtol(nptr, &end, base);
	if (errno == ERANGE) {
		return -ERANGE;
	}
	if (errno != 0) {
		return -errno;
	}
	if (*end != '\0') {
		return -EINVAL;
	}
	return v < 0 ? -ERANGE : v;
}

long long int
spdk_strtoll(const char *nptr, int base)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(nptr, &end, base);
	if (errno == ERANGE) {
		return -ERANGE;
	}
	if (errno != 0) {
		return -errno;
	}
	if (*end != '\0') {
		return -EINVAL;
	}
	return v < 0 ? -ERANGE : v;
}

void
spdk_strarray_free(char **strarray)
{
	if (strarray == NULL) {
		return;
	}
	for (size_t i = 0; strarray[i] != NULL; i++) {
		free(strarray[i]);
	}
	free(strarray);
}

char **
spdk_strarray_from_string(const char *str, const char *delim)
{
	size_t fields = 1, i = 0;
	const char *p;
	char **arr;

	if (str == NULL || delim == NULL) {
		return NULL;
	}
	for (p = strpbrk(str, delim); p != NULL; p = strpbrk(p + 1, delim)) {
		fields++;
	}
	arr = calloc(fields + 1, sizeof(*arr));
	if (arr == NULL) {
		return NULL;
	}
	for (p = str; i < fields; i++) {
		size_t len = strcspn(p, delim);

		arr[i] = strndup(p, len);
		if (arr[i] == NULL) {
			spdk_strarray_free(arr);
			return NULL;
		}
		p += len + 1;
	}
	return arr;
}

char **
spdk_strarray_dup(const char **strarray)
{
	size_t n = 0;
	char **arr;

	if (strarray == NULL) {
		return NULL;
	}
	while (strarray[n] != NULL) {
		n++;
	}
	arr = calloc(n + 1, sizeof(*arr));
	if (arr == NULL) {
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		arr[i] = strdup(strarray[i]);
		if (arr[i] == NULL) {
			spdk_strarray_free(arr);
			return NULL;
		}
	}
	return arr;
}

int
spdk_strcpy_replace(char *dst, size_t size, const char *src, const char *search,
		    const char *replace)
{
	size_t slen, rlen, need = 1;
	const char *p, *hit;
	char *out;

	if (dst == NULL || src == NULL || search == NULL || replace == NULL || search[0] == '\0') {
		return -EINVAL;
	}
	slen = strlen(search);
	rlen = strlen(replace);
	/* Measure first so that dst is untouched when the result does not fit. */
	for (p = src; (hit = strstr(p, search)) != NULL; p = hit + slen) {
		need += (size_t)(hit - p) + rlen;
	}
	need += strlen(p);
	if (need > size) {
		return -EINVAL;
	}
	out = dst;
	for (p = src; (hit = strstr(p, search)) != NULL; p = hit + slen) {
		memcpy(out, p, (size_t)(hit - p));
		out += hit - p;
		memcpy(out, replace, rlen);
		out += rlen;
	}
	strcpy(out, p);
	return 0;
}
