// sources: fs/path.c
/* Unit tests for the pure path-name helpers (fs/path.c). */
#include "unit.h"
#include <anvil/errno.h>
#include "../../fs/path.h"

/* Split @s into components joined by '|'; "E" marks an error. */
static const char *split(const char *s)
{
	static char out[512];
	const char *name;
	int len;

	out[0] = 0;
	while ((len = path_next(&s, &name)) != 0) {
		if (len < 0)
			return "E";
		if (out[0])
			strcat(out, "|");
		strncat(out, name, len);
	}
	return out;
}

static void test_split(void)
{
	CHECK(strcmp(split("/usr/bin/env"), "usr|bin|env") == 0);
	CHECK(strcmp(split("a//b///c/"), "a|b|c") == 0);
	CHECK(strcmp(split("///"), "") == 0);
	CHECK(strcmp(split(""), "") == 0);
	CHECK(strcmp(split("./../x"), ".|..|x") == 0);
	CHECK(strcmp(split("x"), "x") == 0);
}

static void test_name_max(void)
{
	char name[300];
	const char *s = name, *c;

	memset(name, 'a', 255);
	name[255] = 0;
	CHECK_EQ(path_next(&s, &c), 255);
	name[255] = 'a';
	name[256] = 0;
	s = name;
	CHECK_EQ(path_next(&s, &c), -ENAMETOOLONG);
	/* A long component after a short one is found when reached. */
	memcpy(name, "ok/", 3);
	memset(name + 3, 'b', 256);
	name[259] = 0;
	CHECK(strcmp(split(name), "E") == 0);
}

static void test_trailing(void)
{
	const char *s = "dir/", *c;

	CHECK_EQ(path_next(&s, &c), 3);
	CHECK(path_rest_empty(s));
	CHECK(*s == '/');		/* the caller sees the trailing slash */
	s = "a/b";
	path_next(&s, &c);
	CHECK(!path_rest_empty(s));
	CHECK(path_rest_empty(""));
	CHECK(path_rest_empty("//"));
}

static void test_types(void)
{
	CHECK_EQ(path_component_type(".", 1), LAST_DOT);
	CHECK_EQ(path_component_type("..", 2), LAST_DOTDOT);
	CHECK_EQ(path_component_type("...", 3), LAST_NORM);
	CHECK_EQ(path_component_type(".a", 2), LAST_NORM);
	CHECK_EQ(path_component_type("..x", 2), LAST_DOTDOT);	/* only len bytes count */
}

static void test_hash(void)
{
	CHECK_EQ(path_name_hash("abc", 3), path_name_hash("abcdef", 3));
	CHECK(path_name_hash("abc", 3) != path_name_hash("abd", 3));
	CHECK(path_name_hash("a", 1) != path_name_hash("b", 1));
}

static void test_prepend(void)
{
	char buf[16], *p = buf + sizeof(buf);

	*--p = 0;
	CHECK_EQ(path_prepend(&p, buf, "file", 4), 0);
	CHECK_EQ(path_prepend(&p, buf, "/", 1), 0);
	CHECK_EQ(path_prepend(&p, buf, "dir", 3), 0);
	CHECK_EQ(path_prepend(&p, buf, "/", 1), 0);
	CHECK(strcmp(p, "/dir/file") == 0);
	CHECK_EQ(path_prepend(&p, buf, "toolong", 7), -ENAMETOOLONG);
	CHECK(strcmp(p, "/dir/file") == 0);
	CHECK_EQ(path_prepend(&p, buf, "sixsix", 6), 0);
	CHECK(p == buf);
	CHECK_EQ(path_prepend(&p, buf, "x", 1), -ENAMETOOLONG);
	CHECK_EQ(path_prepend(&p, buf, "", 0), 0);
}

UNIT_TEST(test_split);
UNIT_TEST(test_name_max);
UNIT_TEST(test_trailing);
UNIT_TEST(test_types);
UNIT_TEST(test_hash);
UNIT_TEST(test_prepend);
UNIT_MAIN()
