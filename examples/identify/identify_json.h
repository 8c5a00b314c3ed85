/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * A small streaming JSON writer (RFC 8259), indented two spaces.  Numbers
 * are written as exact decimal text: 64- and 128-bit counters keep every
 * digit, which a double-based library would round.  Every call takes the
 * member name, or NULL inside an array and for the top-level value.
 */
#ifndef IDENTIFY_JSON_H
#define IDENTIFY_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH	16

struct json_writer {
	FILE	*out;
	int	depth;
	bool	has_members[JSON_MAX_DEPTH];	/* a comma is due before the next one */
	bool	overflow;			/* nesting too deep: output is invalid */
};

void json_init(struct json_writer *w, FILE *out);
void json_begin_object(struct json_writer *w, const char *key);
void json_end_object(struct json_writer *w);
void json_begin_array(struct json_writer *w, const char *key);
void json_end_array(struct json_writer *w);
void json_string(struct json_writer *w, const char *key, const char *value);
void json_u64(struct json_writer *w, const char *key, uint64_t value);
void json_i64(struct json_writer *w, const char *key, int64_t value);
void json_bool(struct json_writer *w, const char *key, bool value);
void json_null(struct json_writer *w, const char *key);
/* value must already be a valid JSON number, e.g. "12.5" or a long digit string. */
void json_number_text(struct json_writer *w, const char *key, const char *value);
/* Fixed-point value / 10^decimals as a JSON number ("25.0000" for 250000, 4). */
void json_fixed(struct json_writer *w, const char *key, uint64_t value, unsigned int decimals);
/* Finish the document (newline); false if the nesting was unbalanced or too deep. */
bool json_finish(struct json_writer *w);

#endif /* IDENTIFY_JSON_H */
