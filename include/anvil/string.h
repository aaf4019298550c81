/* Freestanding string and memory functions (lib/string.c). */
#ifndef ANVIL_STRING_H
#define ANVIL_STRING_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strcpy(char *dst, const char *src);
/* Copy at most size-1 bytes and always NUL-terminate; returns strlen(src). */
size_t strlcpy(char *dst, const char *src, size_t size);
char *strsep(char **s, const char *delim);
unsigned long strtoul(const char *s, char **end, int base);
long strtol(const char *s, char **end, int base);

#endif
