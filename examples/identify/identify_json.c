/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The streaming JSON writer behind identify --json (identify_json.h).
 */
#include <inttypes.h>

#include "identify_json.h"

void
json_init(struct json_writer *w, FILE *out)
{
	w->out = out;
	w->depth = 0;
	w->has_members[0] = false;
	w->overflow = false;
}

static void
put_string(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', out);
	for (; *p != '\0'; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		default:
			/* Other control characters must be escaped (RFC 8259 §7). */
			if (*p < 0x20) {
				fprintf(out, "\\u%04x", *p);
			} else {
				fputc(*p, out);
			}
		}
	}
	fputc('"', out);
}

/* Separator, indentation and "key": before any value. */
static void
begin_value(struct json_writer *w, const char *key)
{
	if (w->has_members[w->depth]) {
		fputc(',', w->out);
	}
	if (w->depth > 0) {
		fprintf(w->out, "\n%*s", 2 * w->depth, "");
	}
	w->has_members[w->depth] = true;
	if (key != NULL) {
		put_string(w->out, key);
		fputs(": ", w->out);
	}
}

static void
open_container(struct json_writer *w, const char *key, char c)
{
	begin_value(w, key);
	fputc(c, w->out);
	if (w->depth + 1 >= JSON_MAX_DEPTH) {
		w->overflow = true;
		return;
	}
	w->depth++;
	w->has_members[w->depth] = false;
}

static void
close_container(struct json_writer *w, char c)
{
	bool had_members = w->has_members[w->depth];

	if (w->depth == 0) {
		w->overflow = true;
		return;
	}
	w->depth--;
	if (had_members) {
		fprintf(w->out, "\n%*s", 2 * w->depth, "");
	}
	fputc(c, w->out);
}

void
json_begin_object(struct json_writer *w, const char *key)
{
	open_container(w, key, '{');
}

void
json_end_object(struct json_writer *w)
{
	close_container(w, '}');
}

void
json_begin_array(struct json_writer *w, const char *key)
{
	open_container(w, key, '[');
}

void
json_end_array(struct json_writer *w)
{
	close_container(w, ']');
}

void
json_string(struct json_writer *w, const char *key, const char *value)
{
	begin_value(w, key);
	put_string(w->out, value);
}

void
json_u64(struct json_writer *w, const char *key, uint64_t value)
{
	begin_value(w, key);
	fprintf(w->out, "%" PRIu64, value);
}

void
json_i64(struct json_writer *w, const char *key, int64_t value)
{
	begin_value(w, key);
	fprintf(w->out, "%" PRId64, value);
}

void
json_bool(struct json_writer *w, const char *key, bool value)
{
	begin_value(w, key);
	fputs(value ? "true" : "false", w->out);
}

void
json_null(struct json_writer *w, const char *key)
{
	begin_value(w, key);
	fputs("null", w->out);
}

void
json_number_text(struct json_writer *w, const char *key, const char *value)
{
	begin_value(w, key);
	fputs(value, w->out);
}

void
json_fixed(struct json_writer *w, const char *key, uint64_t value, unsigned int decimals)
{
	uint64_t scale = 1;
	unsigned int i;

	for (i = 0; i < decimals; i++) {
		scale *= 10;
	}
	begin_value(w, key);
	if (decimals == 0) {
		fprintf(w->out, "%" PRIu64, value);
	} else {
		fprintf(w->out, "%" PRIu64 ".%0*" PRIu64, value / scale, (int)decimals,
			value % scale);
	}
}

bool
json_finish(struct json_writer *w)
{
	fputc('\n', w->out);
	return w->depth == 0 && !w->overflow;
}
