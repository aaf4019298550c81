/* libc-style <string.h> for libfdt's libfdt_env.h. */
#include <anvil/string.h>
