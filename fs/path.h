/* Pure path-name helpers used by the path walk (fs/namei.c) and d_path (fs/d_path.c):
 * splitting a name into components, classifying them, hashing them, and building a
 * path string backwards.  No kernel state: fs/path.c builds for the host too
 * (tests/unit/test_path.c). */
#ifndef FS_PATH_H
#define FS_PATH_H

#include <stdbool.h>
#include <stddef.h>

/* Kinds of a path's final component (Linux's LAST_*). */
enum { LAST_NORM, LAST_ROOT, LAST_DOT, LAST_DOTDOT };

/* Skip the slashes at *@s, then take one component: *@name points at it and *@s moves
 * past it.  Returns its length, 0 when the string held only slashes (or nothing), or
 * -ENAMETOOLONG if longer than NAME_MAX. */
int path_next(const char **s, const char **name);

/* True if nothing but slashes remains at @s. */
bool path_rest_empty(const char *s);

/* LAST_DOT for ".", LAST_DOTDOT for "..", else LAST_NORM. */
int path_component_type(const char *name, size_t len);

/* Hash of a component, for the dentry hash table. */
unsigned int path_name_hash(const char *name, size_t len);

/* Prepend @len bytes of @name to the string that starts at *@p inside the buffer that
 * starts at @buf (strings are built from the end of the buffer toward its start).
 * Returns 0, or -ENAMETOOLONG (nothing written) if it does not fit. */
int path_prepend(char **p, char *buf, const char *name, size_t len);

#endif
