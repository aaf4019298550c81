/* Path-name helpers: component splitting and classification, name hashing, and
 * backwards path building.  Pure code (only <anvil/errno.h>), unit-tested on the host. */
#include <anvil/errno.h>
#include <linux/limits.h>
#include "path.h"

int path_next(const char **s, const char **name)
{
	const char *p = *s;
	size_t len = 0;

	while (*p == '/')
		p++;
	*name = p;
	while (p[len] && p[len] != '/')
		len++;
	*s = p + len;
	if (len > NAME_MAX)
		return -ENAMETOOLONG;
	return (int)len;
}

bool path_rest_empty(const char *s)
{
	while (*s == '/')
		s++;
	return *s == '\0';
}

int path_component_type(const char *name, size_t len)
{
	if (len == 1 && name[0] == '.')
		return LAST_DOT;
	if (len == 2 && name[0] == '.' && name[1] == '.')
		return LAST_DOTDOT;
	return LAST_NORM;
}

/* FNV-1a: cheap, and spreads short similar names well enough for a chained table. */
unsigned int path_name_hash(const char *name, size_t len)
{
	unsigned int h = 2166136261u;

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)name[i];
		h *= 16777619u;
	}
	return h;
}

int path_prepend(char **p, char *buf, const char *name, size_t len)
{
	if ((size_t)(*p - buf) < len)
		return -ENAMETOOLONG;
	*p -= len;
	for (size_t i = 0; i < len; i++)
		(*p)[i] = name[i];
	return 0;
}
