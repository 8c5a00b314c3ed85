/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The BSD list macros of <sys/queue.h>, plus the ones SPDK code uses that
 * glibc's copy lacks (FreeBSD has them): the _SAFE iterators that allow
 * removing the current element, _FOREACH_FROM, _SWAP, STAILQ_LAST,
 * LIST_PREV, STAILQ_REMOVE_AFTER, and SPDK's TAILQ_*_CLEAR helpers for
 * telling whether an entry is on a list.  Each is defined only if the system
 * header did not already provide it.
 */
#ifndef SPDK_QUEUE_H
#define SPDK_QUEUE_H

#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/cdefs.h>
#include <sys/queue.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Element of 'type' whose list link member 'field' is at 'ptr'. */
#define SPDK_QUEUE_ELEM_(ptr, type, field) \
	((type *)((uintptr_t)(ptr) - offsetof(type, field)))

/* ---- singly-linked lists ---- */
#ifndef SLIST_FOREACH_SAFE
#define SLIST_FOREACH_SAFE(var, head, field, tvar)				\
	for ((var) = SLIST_FIRST(head);						\
	     (var) != NULL && ((tvar) = SLIST_NEXT(var, field), 1);		\
	     (var) = (tvar))
#endif

#ifndef SLIST_SWAP
#define SLIST_SWAP(head1, head2, type) do {					\
	struct type *spdk_q_first_ = SLIST_FIRST(head1);			\
	SLIST_FIRST(head1) = SLIST_FIRST(head2);				\
	SLIST_FIRST(head2) = spdk_q_first_;					\
} while (0)
#endif

/* ---- singly-linked tail queues ---- */
#ifndef STAILQ_FOREACH_FROM
/* Start at var, or at the head when var is NULL. */
#define STAILQ_FOREACH_FROM(var, head, field)					\
	for ((var) = (var) != NULL ? (var) : STAILQ_FIRST(head);		\
	     (var) != NULL;							\
	     (var) = STAILQ_NEXT(var, field))
#endif

#ifndef STAILQ_FOREACH_SAFE
#define STAILQ_FOREACH_SAFE(var, head, field, tvar)				\
	for ((var) = STAILQ_FIRST(head);					\
	     (var) != NULL && ((tvar) = STAILQ_NEXT(var, field), 1);		\
	     (var) = (tvar))
#endif

#ifndef STAILQ_FOREACH_FROM_SAFE
#define STAILQ_FOREACH_FROM_SAFE(var, head, field, tvar)			\
	for ((var) = (var) != NULL ? (var) : STAILQ_FIRST(head);		\
	     (var) != NULL && ((tvar) = STAILQ_NEXT(var, field), 1);		\
	     (var) = (tvar))
#endif

#ifndef STAILQ_LAST
/* stqh_last points at the last element's next pointer (or at stqh_first). */
#define STAILQ_LAST(head, type, field)						\
	(STAILQ_EMPTY(head) ? NULL :						\
	 SPDK_QUEUE_ELEM_((head)->stqh_last, struct type, field.stqe_next))
#endif

#ifndef STAILQ_REMOVE_AFTER
#define STAILQ_REMOVE_AFTER(head, elm, field) do {				\
	STAILQ_NEXT(elm, field) = STAILQ_NEXT(STAILQ_NEXT(elm, field), field);	\
	if (STAILQ_NEXT(elm, field) == NULL) {					\
		(head)->stqh_last = &STAILQ_NEXT(elm, field);			\
	}									\
} while (0)
#endif

#ifndef STAILQ_SWAP
#define STAILQ_SWAP(head1, head2, type) do {					\
	struct type *spdk_q_first_ = STAILQ_FIRST(head1);			\
	struct type **spdk_q_last_ = (head1)->stqh_last;			\
	STAILQ_FIRST(head1) = STAILQ_FIRST(head2);				\
	(head1)->stqh_last = (head2)->stqh_last;				\
	STAILQ_FIRST(head2) = spdk_q_first_;					\
	(head2)->stqh_last = spdk_q_last_;					\
	/* An empty queue's last pointer must point at its own head. */	\
	if (STAILQ_EMPTY(head1)) {						\
		(head1)->stqh_last = &STAILQ_FIRST(head1);			\
	}									\
	if (STAILQ_EMPTY(head2)) {						\
		(head2)->stqh_last = &STAILQ_FIRST(head2);			\
	}									\
} while (0)
#endif

/* ---- doubly-linked lists ---- */
#ifndef LIST_FOREACH_FROM
#define LIST_FOREACH_FROM(var, head, field)					\
	for ((var) = (var) != NULL ? (var) : LIST_FIRST(head);			\
	     (var) != NULL;							\
	     (var) = LIST_NEXT(var, field))
#endif

#ifndef LIST_FOREACH_SAFE
#define LIST_FOREACH_SAFE(var, head, field, tvar)				\
	for ((var) = LIST_FIRST(head);						\
	     (var) != NULL && ((tvar) = LIST_NEXT(var, field), 1);		\
	     (var) = (tvar))
#endif

#ifndef LIST_FOREACH_FROM_SAFE
#define LIST_FOREACH_FROM_SAFE(var, head, field, tvar)				\
	for ((var) = (var) != NULL ? (var) : LIST_FIRST(head);			\
	     (var) != NULL && ((tvar) = LIST_NEXT(var, field), 1);		\
	     (var) = (tvar))
#endif

#ifndef LIST_PREV
/* NULL for the first element: its le_prev points into the head. */
#define LIST_PREV(elm, head, type, field)					\
	((elm)->field.le_prev == &LIST_FIRST(head) ? NULL :			\
	 SPDK_QUEUE_ELEM_((elm)->field.le_prev, struct type, field.le_next))
#endif

#ifndef LIST_SWAP
#define LIST_SWAP(head1, head2, type, field) do {				\
	struct type *spdk_q_first_ = LIST_FIRST(head1);			\
	LIST_FIRST(head1) = LIST_FIRST(head2);					\
	LIST_FIRST(head2) = spdk_q_first_;					\
	/* The first elements' back pointers follow their new heads. */	\
	if (LIST_FIRST(head1) != NULL) {					\
		LIST_FIRST(head1)->field.le_prev = &LIST_FIRST(head1);		\
	}									\
	if (LIST_FIRST(head2) != NULL) {					\
		LIST_FIRST(head2)->field.le_prev = &LIST_FIRST(head2);		\
	}									\
} while (0)
#endif

/* ---- tail queues ---- */
#ifndef TAILQ_FOREACH_FROM
#define TAILQ_FOREACH_FROM(var, head, field)					\
	for ((var) = (var) != NULL ? (var) : TAILQ_FIRST(head);		\
	     (var) != NULL;							\
	     (var) = TAILQ_NEXT(var, field))
#endif

#ifndef TAILQ_FOREACH_SAFE
#define TAILQ_FOREACH_SAFE(var, head, field, tvar)				\
	for ((var) = TAILQ_FIRST(head);						\
	     (var) != NULL && ((tvar) = TAILQ_NEXT(var, field), 1);		\
	     (var) = (tvar))
#endif

#ifndef TAILQ_FOREACH_FROM_SAFE
#define TAILQ_FOREACH_FROM_SAFE(var, head, field, tvar)			\
	for ((var) = (var) != NULL ? (var) : TAILQ_FIRST(head);		\
	     (var) != NULL && ((tvar) = TAILQ_NEXT(var, field), 1);		\
	     (var) = (tvar))
#endif

#ifndef TAILQ_FOREACH_REVERSE_FROM
#define TAILQ_FOREACH_REVERSE_FROM(var, head, headname, field)			\
	for ((var) = (var) != NULL ? (var) : TAILQ_LAST(head, headname);	\
	     (var) != NULL;							\
	     (var) = TAILQ_PREV(var, headname, field))
#endif

#ifndef TAILQ_FOREACH_REVERSE_SAFE
#define TAILQ_FOREACH_REVERSE_SAFE(var, head, headname, field, tvar)		\
	for ((var) = TAILQ_LAST(head, headname);				\
	     (var) != NULL && ((tvar) = TAILQ_PREV(var, headname, field), 1);	\
	     (var) = (tvar))
#endif

#ifndef TAILQ_FOREACH_REVERSE_FROM_SAFE
#define TAILQ_FOREACH_REVERSE_FROM_SAFE(var, head, headname, field, tvar)	\
	for ((var) = (var) != NULL ? (var) : TAILQ_LAST(head, headname);	\
	     (var) != NULL && ((tvar) = TAILQ_PREV(var, headname, field), 1);	\
	     (var) = (tvar))
#endif

#ifndef TAILQ_SWAP
#define TAILQ_SWAP(head1, head2, type, field) do {				\
	struct type *spdk_q_first_ = (head1)->tqh_first;			\
	struct type **spdk_q_last_ = (head1)->tqh_last;			\
	(head1)->tqh_first = (head2)->tqh_first;				\
	(head1)->tqh_last = (head2)->tqh_last;					\
	(head2)->tqh_first = spdk_q_first_;					\
	(head2)->tqh_last = spdk_q_last_;					\
	/* Re-point each first element's tqe_prev, or an empty tail. */	\
	if ((head1)->tqh_first != NULL) {					\
		(head1)->tqh_first->field.tqe_prev = &(head1)->tqh_first;	\
	} else {								\
		(head1)->tqh_last = &(head1)->tqh_first;			\
	}									\
	if ((head2)->tqh_first != NULL) {					\
		(head2)->tqh_first->field.tqe_prev = &(head2)->tqh_first;	\
	} else {								\
		(head2)->tqh_last = &(head2)->tqh_first;			\
	}									\
} while (0)
#endif

/*
 * Whether an entry is on a tail queue, judged by its tqe_prev.  Only
 * meaningful for entries that started zeroed and leave lists through
 * TAILQ_REMOVE_CLEAR() (or TAILQ_ENTRY_CLEAR() after TAILQ_REMOVE()).
 */
#define TAILQ_ENTRY_ENQUEUED(elm, field)	((elm)->field.tqe_prev != NULL)
#define TAILQ_ENTRY_NOT_ENQUEUED(elm, field)	(!TAILQ_ENTRY_ENQUEUED(elm, field))

/* Mark a just-removed entry as on no list. */
#define TAILQ_ENTRY_CLEAR(elm, field) do {					\
	assert(TAILQ_ENTRY_ENQUEUED(elm, field));				\
	(elm)->field.tqe_prev = NULL;						\
} while (0)

#define TAILQ_REMOVE_CLEAR(head, elm, field) do {				\
	TAILQ_REMOVE(head, elm, field);						\
	TAILQ_ENTRY_CLEAR(elm, field);						\
} while (0)

#ifdef __cplusplus
}
#endif

#endif /* SPDK_QUEUE_H */
