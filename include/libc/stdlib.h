/* libc-style <stdlib.h> for libfdt's libfdt_env.h. */
#include <anvil/string.h>
