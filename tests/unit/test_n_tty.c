// sources: tty/n_tty.c
/* Host tests of the N_TTY line discipline's pure logic (tty/n_tty.c): canonical editing,
 * echo bytes, ISIG, CR/NL mapping, VEOF, non-canonical VMIN/VTIME, OPOST, the receive
 * room a pty writer is held to.  Expected bytes are what Linux's n_tty produces for the
 * same input and termios. */
#include "unit.h"
#include "../../tty/n_tty.h"
#include <asm/signal.h>

static struct n_tty_data ld;
static struct termios tio;
static u8 echoed[8192];
static size_t echoed_len;

static void capture(void *priv, const u8 *buf, size_t n)
{
	(void)priv;
	memcpy(echoed + echoed_len, buf, n);
	echoed_len += n;
}

/* Linux's tty_std_termios with INIT_C_CC. */
static void std_termios(struct termios *t)
{
	static const cc_t cc[NCCS] = {
		[VINTR] = 003, [VQUIT] = 034, [VERASE] = 0177, [VKILL] = 025, [VEOF] = 004,
		[VTIME] = 0, [VMIN] = 1, [VSTART] = 021, [VSTOP] = 023, [VSUSP] = 032,
		[VREPRINT] = 022, [VDISCARD] = 017, [VWERASE] = 027, [VLNEXT] = 026,
	};
	memset(t, 0, sizeof(*t));
	t->c_iflag = ICRNL | IXON;
	t->c_oflag = OPOST | ONLCR;
	t->c_cflag = B38400 | CS8 | CREAD | HUPCL;
	t->c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
	memcpy(t->c_cc, cc, NCCS);
}

static void setup(void)
{
	std_termios(&tio);
	n_tty_init(&ld, &tio, capture, NULL);
	echoed_len = 0;
}

/* Change termios the way the tty core does: edit, then tell the line discipline. */
static bool retermios(void (*edit)(struct termios *))
{
	struct termios old = tio;

	edit(&tio);
	return n_tty_set_termios(&ld, &old);
}

static struct n_tty_events feed(const char *s)
{
	return n_tty_receive(&ld, (const u8 *)s, strlen(s));
}

static bool echo_is(const char *s)
{
	bool ok = echoed_len == strlen(s) && !memcmp(echoed, s, echoed_len);

	if (!ok)
		printf("  echoed %zu bytes: \"%.*s\", want \"%s\"\n", echoed_len, (int)echoed_len,
		       (const char *)echoed, s);
	echoed_len = 0;
	return ok;
}

/* One canonical read of at most @n bytes into a NUL-terminated string. */
static const char *read_line(size_t n, bool *eol)
{
	static char buf[8192];
	size_t got = n_tty_read_canon(&ld, (u8 *)buf, n, eol);

	buf[got] = 0;
	return buf;
}

static void test_canonical_line(void)
{
	bool eol;
	struct n_tty_events ev;

	setup();
	ev = feed("abc");
	CHECK(!ev.readable);
	CHECK(!n_tty_input_available(&ld, false));
	CHECK(echo_is("abc"));
	ev = feed("\r");			/* ICRNL: CR ends the line as NL */
	CHECK(ev.readable);
	CHECK(echo_is("\r\n"));			/* ONLCR on the echoed NL */
	CHECK(n_tty_input_available(&ld, false));
	CHECK_EQ(n_tty_inq(&ld), 4);
	CHECK(!strcmp(read_line(100, &eol), "abc\n"));
	CHECK(eol);
	CHECK(!n_tty_input_available(&ld, false));
}

static void test_one_line_per_read(void)
{
	bool eol;

	setup();
	feed("one\ntwo\n");
	CHECK(!strcmp(read_line(100, &eol), "one\n"));
	CHECK(!strcmp(read_line(100, &eol), "two\n"));
}

static void test_short_read_buffer(void)
{
	bool eol;

	setup();
	feed("abcdef\n");
	CHECK(!strcmp(read_line(3, &eol), "abc"));
	CHECK(!eol);
	CHECK(!strcmp(read_line(10, &eol), "def\n"));
	CHECK(eol);
}

static void test_erase(void)
{
	bool eol;

	setup();
	feed("abx\177c\n");
	CHECK(echo_is("abx\b \bc\r\n"));
	CHECK(!strcmp(read_line(100, &eol), "abc\n"));
	/* Erase at the start of a line does nothing, and cannot eat a finished line. */
	feed("x\n\177\177y\n");
	echoed_len = 0;
	CHECK(!strcmp(read_line(100, &eol), "x\n"));
	CHECK(!strcmp(read_line(100, &eol), "y\n"));
}

static void test_erase_control_char(void)
{
	bool eol;

	setup();
	feed("a\001");
	CHECK(echo_is("a^A"));
	feed("\177");				/* "^A" is two columns wide */
	CHECK(echo_is("\b \b\b \b"));
	feed("\n");
	CHECK(!strcmp(read_line(100, &eol), "a\n"));
}

static void clear_echoe(struct termios *t) { t->c_lflag &= ~ECHOE; }

static void test_erase_without_echoe(void)
{
	setup();
	retermios(clear_echoe);
	feed("ab\177");
	CHECK(echo_is("ab^?"));
}

static void test_erase_utf8(void)
{
	bool eol;

	setup();
	tio.c_iflag |= IUTF8;
	feed("x\xc3\xa9\177\n");		/* "xé", erase: both bytes of é go, one column */
	CHECK(echo_is("x\xc3\xa9\b \b\r\n"));
	CHECK(!strcmp(read_line(100, &eol), "x\n"));
}

static void test_kill_echoke(void)
{
	bool eol;

	setup();
	feed("abc\025");
	CHECK(echo_is("abc\b \b\b \b\b \b"));
	feed("d\n");
	CHECK(!strcmp(read_line(100, &eol), "d\n"));
}

static void clear_echoke(struct termios *t) { t->c_lflag &= ~ECHOKE; }

static void test_kill_echok(void)
{
	setup();
	retermios(clear_echoke);
	feed("abc\025");
	CHECK(echo_is("abc^U\r\n"));		/* the kill char, then a newline (ECHOK) */
	CHECK(!n_tty_input_available(&ld, false));
	CHECK_EQ(ld.read_head, ld.canon_head);
}

static void test_werase(void)
{
	bool eol;

	setup();
	feed("foo bar\027");
	CHECK(echo_is("foo bar\b \b\b \b\b \b"));
	feed("\n");
	CHECK(!strcmp(read_line(100, &eol), "foo \n"));

	feed("ls -la  \027\n");		/* trailing blanks go with the word */
	CHECK(!strcmp(read_line(100, &eol), "ls -\n"));
	feed("a_b1.c\027\n");			/* '.' ends a word; '_' and digits do not */
	CHECK(!strcmp(read_line(100, &eol), "a_b1.\n"));
}

static void clear_iexten(struct termios *t) { t->c_lflag &= ~IEXTEN; }

static void test_werase_needs_iexten(void)
{
	bool eol;

	setup();
	retermios(clear_iexten);
	feed("ab\027\n");
	CHECK(!strcmp(read_line(100, &eol), "ab\027\n"));
}

static void test_erase_tab(void)
{
	size_t used;
	u8 out[16];
	bool eol;

	setup();
	feed("ab\t");
	CHECK(echo_is("ab\t"));
	feed("\177");				/* TAB went from column 2 to 8 */
	CHECK(echo_is("\b\b\b\b\b\b"));
	CHECK_EQ(ld.column, 2);
	feed("\177");
	CHECK(echo_is("\b \b"));

	/* The line's echo starts after a prompt written at column 3. */
	setup();
	n_tty_opost(&ld, (const u8 *)"$> ", 3, out, sizeof(out), &used);
	feed("\t\177");
	CHECK(echo_is("\t\b\b\b\b\b"));		/* column 3 -> 8 and back */
	CHECK_EQ(ld.column, 3);

	/* A TAB after an earlier TAB spans a full stop. */
	setup();
	feed("a\t\t\177\n");
	CHECK(echo_is("a\t\t\b\b\b\b\b\b\b\b\r\n"));
	CHECK(!strcmp(read_line(100, &eol), "a\t\n"));
}

static void test_echoctl_and_echo_off(void)
{
	setup();
	feed("\033[A");				/* an arrow key in canonical mode */
	CHECK(echo_is("^[[A"));

	setup();
	tio.c_lflag &= ~ECHOCTL;
	feed("\033");
	CHECK(echo_is("\033"));

	setup();
	tio.c_lflag &= ~ECHO;
	feed("secret\177x\n");
	CHECK(echo_is(""));
	tio.c_lflag |= ECHONL;
	feed("y\n");
	CHECK(echo_is("\r\n"));			/* ECHONL echoes NL even without ECHO */
}

static void test_isig(void)
{
	struct n_tty_events ev;

	setup();
	feed("partial");
	echoed_len = 0;
	ev = feed("\003");
	CHECK_EQ(ev.signals, 1u << SIGINT);
	CHECK(echo_is("^C"));
	CHECK_EQ(ld.read_head, ld.read_tail);	/* input flushed */

	ev = feed("\034");
	CHECK_EQ(ev.signals, 1u << SIGQUIT);
	CHECK(echo_is("^\\"));
	ev = feed("\032");
	CHECK_EQ(ev.signals, 1u << SIGTSTP);
	CHECK(echo_is("^Z"));
}

static void set_noflsh(struct termios *t) { t->c_lflag |= NOFLSH; }
static void clear_isig(struct termios *t) { t->c_lflag &= ~ISIG; }

static void test_isig_noflsh_and_off(void)
{
	struct n_tty_events ev;
	bool eol;

	setup();
	retermios(set_noflsh);
	feed("keep");
	ev = feed("\003\n");
	CHECK_EQ(ev.signals, 1u << SIGINT);
	CHECK(!strcmp(read_line(100, &eol), "keep\n"));

	setup();
	retermios(clear_isig);
	ev = feed("\003\n");
	CHECK_EQ(ev.signals, 0);
	CHECK(!strcmp(read_line(100, &eol), "\003\n"));
}

static void raw_mode(struct termios *t)
{
	t->c_iflag &= ~(ICRNL | IXON);
	t->c_lflag &= ~(ICANON | ECHO | ISIG | IEXTEN);
	t->c_cc[VMIN] = 1;
	t->c_cc[VTIME] = 0;
}

static void test_cr_nl_mapping(void)
{
	bool eol;
	u8 buf[16];

	setup();
	tio.c_iflag &= ~ICRNL;
	n_tty_set_termios(&ld, &tio);
	feed("a\rb\n");				/* CR is ordinary without ICRNL */
	CHECK(!strcmp(read_line(100, &eol), "a\rb\n"));

	setup();
	tio.c_iflag |= IGNCR;
	n_tty_set_termios(&ld, &tio);
	feed("a\r\n");
	CHECK(!strcmp(read_line(100, &eol), "a\n"));

	setup();				/* raw mode with INLCR: NL arrives as CR */
	retermios(raw_mode);
	tio.c_iflag |= INLCR;
	n_tty_set_termios(&ld, &tio);
	feed("\n");
	CHECK_EQ(n_tty_read_raw(&ld, buf, sizeof(buf)), 1);
	CHECK_EQ(buf[0], '\r');

	setup();
	tio.c_iflag |= ISTRIP;
	n_tty_set_termios(&ld, &tio);
	feed("\xe1\n");
	CHECK(!strcmp(read_line(100, &eol), "a\n"));
}

static void test_veof(void)
{
	bool eol;
	struct n_tty_events ev;

	setup();
	ev = feed("\004");			/* ^D at line start: a 0-byte read */
	CHECK(ev.readable);
	CHECK(echo_is(""));			/* VEOF is not echoed */
	CHECK(n_tty_input_available(&ld, false));
	CHECK_EQ(n_tty_inq(&ld), 0);
	CHECK(!strcmp(read_line(100, &eol), ""));
	CHECK(eol);
	CHECK(!n_tty_input_available(&ld, false));

	feed("ab\004");				/* ^D after text ends the line, unread */
	CHECK_EQ(n_tty_inq(&ld), 2);
	CHECK(!strcmp(read_line(100, &eol), "ab"));
	CHECK(eol);
	CHECK(!n_tty_input_available(&ld, false));
}

static void test_lnext_and_reprint(void)
{
	struct n_tty_events ev;
	bool eol;

	setup();
	ev = feed("\026\003");			/* ^V^C: a literal ^C, no signal */
	CHECK_EQ(ev.signals, 0);
	CHECK(echo_is("^\b^C"));
	feed("\026\177\n");
	CHECK(!strcmp(read_line(100, &eol), "\003\177\n"));

	setup();
	feed("ab\022");
	CHECK(echo_is("ab^R\r\nab"));
}

static void test_echoprt(void)
{
	setup();
	tio.c_lflag = (tio.c_lflag & ~ECHOE) | ECHOPRT;
	feed("abc\177\177d");
	CHECK(echo_is("abc\\cb/d"));
}

static void test_line_limit(void)
{
	static char big[5001];
	bool eol;
	const char *got;

	setup();
	memset(big, 'x', 5000);
	feed(big);
	feed("\n");
	got = read_line(8192, &eol);
	CHECK_EQ(strlen(got), N_TTY_BUF_SIZE);	/* 4095 characters and the newline */
	CHECK_EQ(got[N_TTY_BUF_SIZE - 1], '\n');
}

static void set_parmrk(struct termios *t)
{
	t->c_iflag |= PARMRK;
}

/* Linux's receive room: one slot kept free, PARMRK counting a byte as three, and a full
 * canonical line with nothing readable still taking bytes (which it drops). */
static void test_receive_room(void)
{
	static char big[N_TTY_BUF_SIZE];
	bool eol;

	setup();
	retermios(raw_mode);
	CHECK_EQ(n_tty_receive_room(&ld), N_TTY_BUF_SIZE - 1);
	memset(big, 'x', N_TTY_BUF_SIZE - 1);
	n_tty_receive(&ld, (const u8 *)big, N_TTY_BUF_SIZE - 1);
	CHECK_EQ(n_tty_receive_room(&ld), 0);

	setup();
	retermios(set_parmrk);
	CHECK_EQ(n_tty_receive_room(&ld), (N_TTY_BUF_SIZE + 2) / 3 - 1);

	setup();
	tio.c_lflag &= ~ECHO;
	n_tty_set_termios(&ld, NULL);
	n_tty_receive(&ld, (const u8 *)big, N_TTY_BUF_SIZE - 1);
	CHECK_EQ(n_tty_receive_room(&ld), 1);		/* no line to read: overflow */
	feed("xyz");
	CHECK_EQ(n_tty_receive_room(&ld), 1);
	feed("\n");
	CHECK_EQ(n_tty_receive_room(&ld), 0);		/* a line is waiting for its reader */
	CHECK_EQ(strlen(read_line(8192, &eol)), N_TTY_BUF_SIZE);
	CHECK(eol);
	CHECK_EQ(n_tty_receive_room(&ld), N_TTY_BUF_SIZE - 1);
}

static size_t discards, echoed_at_discard;

static void count_discard(void *priv)
{
	(void)priv;
	discards++;
	echoed_at_discard = echoed_len;
}

/* An ISIG flush also drops the device's unsent output, before "^C" is echoed. */
static void test_isig_discard(void)
{
	setup();
	ld.discard = count_discard;
	discards = 0;
	feed("ab\003");
	CHECK_EQ(discards, 1);
	CHECK_EQ(echoed_at_discard, 0);		/* "ab" echoes were flushed, "^C" not yet made */
	CHECK(echo_is("^C"));

	setup();
	ld.discard = count_discard;
	discards = 0;
	retermios(set_noflsh);
	feed("\003");
	CHECK_EQ(discards, 0);
}

static void test_noncanonical(void)
{
	struct n_tty_events ev;
	u8 buf[16];

	setup();
	retermios(raw_mode);
	ev = feed("\033[A");			/* arrow keys pass through untouched */
	CHECK(ev.readable);
	CHECK(echo_is(""));
	CHECK_EQ(n_tty_inq(&ld), 3);
	CHECK_EQ(n_tty_read_raw(&ld, buf, 2), 2);
	CHECK(!memcmp(buf, "\033[", 2));
	CHECK_EQ(n_tty_read_raw(&ld, buf, 16), 1);
	CHECK_EQ(buf[0], 'A');
	CHECK_EQ(n_tty_read_raw(&ld, buf, 16), 0);
	ev = feed("\003\r\177");		/* no ISIG, no ICRNL, no editing */
	CHECK_EQ(ev.signals, 0);
	CHECK_EQ(n_tty_read_raw(&ld, buf, 16), 3);
	CHECK(!memcmp(buf, "\003\r\177", 3));
}

static void test_vmin_counting(void)
{
	struct n_tty_read_policy p;

	setup();
	retermios(raw_mode);
	tio.c_cc[VMIN] = 3;
	feed("ab");
	CHECK(n_tty_input_available(&ld, false));	/* read would return what is there... */
	CHECK(!n_tty_input_available(&ld, true));	/* ...but poll waits for VMIN */
	feed("c");
	CHECK(n_tty_input_available(&ld, true));
	tio.c_cc[VTIME] = 5;				/* with VTIME, poll wants one byte */
	CHECK(n_tty_input_available(&ld, true));

	p = n_tty_read_policy(&tio);			/* MIN 3, TIME 5: inter-byte timer */
	CHECK_EQ(p.minimum, 3);
	CHECK_EQ(p.first_ns, -1);
	CHECK_EQ(p.inter_ns, 500000000LL);
	tio.c_cc[VTIME] = 0;				/* MIN 3, TIME 0: block for 3 */
	p = n_tty_read_policy(&tio);
	CHECK_EQ(p.minimum, 3);
	CHECK_EQ(p.first_ns, -1);
	CHECK_EQ(p.inter_ns, -1);
	tio.c_cc[VMIN] = 0;				/* MIN 0, TIME 0: poll */
	p = n_tty_read_policy(&tio);
	CHECK_EQ(p.minimum, 1);
	CHECK_EQ(p.first_ns, 0);
	tio.c_cc[VTIME] = 12;				/* MIN 0, TIME 12: 1.2 s overall */
	p = n_tty_read_policy(&tio);
	CHECK_EQ(p.minimum, 1);
	CHECK_EQ(p.first_ns, 1200000000LL);
}

static void set_canon(struct termios *t) { t->c_lflag |= ICANON; }

static void test_mode_switch(void)
{
	u8 buf[16];
	bool eol;

	setup();
	feed("half");				/* an unfinished line becomes raw data */
	retermios(raw_mode);
	CHECK(n_tty_input_available(&ld, false));
	CHECK_EQ(n_tty_read_raw(&ld, buf, 16), 4);

	feed("xy");				/* raw data becomes one line */
	retermios(set_canon);
	CHECK(n_tty_input_available(&ld, false));
	CHECK(!strcmp(read_line(100, &eol), "xy"));
	CHECK(eol);
}

static void test_flow_control(void)
{
	struct n_tty_events ev;

	setup();
	feed("\023");				/* ^S */
	CHECK(n_tty_output_stopped(&ld));
	feed("ab");
	CHECK(echo_is(""));			/* echo held while stopped */
	ev = feed("\021");			/* ^Q */
	CHECK(ev.restarted);
	CHECK(!n_tty_output_stopped(&ld));
	CHECK(echo_is("ab"));

	tio.c_iflag |= IXANY;
	feed("\023");
	ev = feed("z");
	CHECK(ev.restarted);
	CHECK(echo_is("z"));

	n_tty_tco_flow(&ld, true);		/* TCOOFF: VSTART does not undo it */
	ev = feed("\021");
	CHECK(!ev.restarted);
	CHECK(n_tty_output_stopped(&ld));
	CHECK(n_tty_tco_flow(&ld, false));
	CHECK(!n_tty_output_stopped(&ld));
}

static void test_parmrk(void)
{
	u8 buf[4];

	setup();
	retermios(raw_mode);
	tio.c_iflag |= PARMRK;
	feed("\xff");
	CHECK_EQ(n_tty_read_raw(&ld, buf, 4), 2);
	CHECK(buf[0] == 0xff && buf[1] == 0xff);
}

static size_t opost(const char *s, u8 *out, size_t room)
{
	size_t used;

	return n_tty_opost(&ld, (const u8 *)s, strlen(s), out, room, &used);
}

static void test_opost(void)
{
	u8 out[64];
	size_t n, used;

	setup();
	n = opost("a\nb", out, sizeof(out));
	CHECK(n == 4 && !memcmp(out, "a\r\nb", 4));
	CHECK_EQ(ld.column, 1);

	tio.c_oflag = 0;			/* no OPOST: bytes pass untouched */
	n = opost("a\nb\t", out, sizeof(out));
	CHECK(n == 4 && !memcmp(out, "a\nb\t", 4));

	setup();
	tio.c_oflag |= XTABS;
	n = opost("ab\tc", out, sizeof(out));
	CHECK(n == 9 && !memcmp(out, "ab      c", 9));
	CHECK_EQ(ld.column, 9);
	n = n_tty_opost(&ld, (const u8 *)"\tx", 2, out, 5, &used);
	CHECK_EQ(n, 0);				/* 7 spaces do not fit in 5 */
	CHECK_EQ(used, 0);

	setup();
	tio.c_oflag = OPOST | OCRNL;
	n = opost("a\r", out, sizeof(out));
	CHECK(n == 2 && !memcmp(out, "a\n", 2));

	setup();
	tio.c_oflag = OPOST | ONOCR;
	n = opost("\rab\r", out, sizeof(out));	/* CR at column 0 is dropped */
	CHECK(n == 3 && !memcmp(out, "ab\r", 3));
	CHECK_EQ(ld.column, 0);

	setup();
	tio.c_oflag = OPOST | ONLRET;
	opost("abc\n", out, sizeof(out));
	CHECK_EQ(ld.column, 0);

	setup();
	tio.c_oflag = OPOST | OLCUC;
	n = opost("aZ1", out, sizeof(out));
	CHECK(n == 3 && !memcmp(out, "AZ1", 3));

	setup();				/* ONLCR needs two bytes of room */
	n = n_tty_opost(&ld, (const u8 *)"x\n", 2, out, 2, &used);
	CHECK_EQ(n, 1);
	CHECK_EQ(used, 1);
}

UNIT_TEST(test_canonical_line)
UNIT_TEST(test_one_line_per_read)
UNIT_TEST(test_short_read_buffer)
UNIT_TEST(test_erase)
UNIT_TEST(test_erase_control_char)
UNIT_TEST(test_erase_without_echoe)
UNIT_TEST(test_erase_utf8)
UNIT_TEST(test_kill_echoke)
UNIT_TEST(test_kill_echok)
UNIT_TEST(test_werase)
UNIT_TEST(test_werase_needs_iexten)
UNIT_TEST(test_erase_tab)
UNIT_TEST(test_echoctl_and_echo_off)
UNIT_TEST(test_isig)
UNIT_TEST(test_isig_noflsh_and_off)
UNIT_TEST(test_cr_nl_mapping)
UNIT_TEST(test_veof)
UNIT_TEST(test_lnext_and_reprint)
UNIT_TEST(test_echoprt)
UNIT_TEST(test_line_limit)
UNIT_TEST(test_receive_room)
UNIT_TEST(test_isig_discard)
UNIT_TEST(test_noncanonical)
UNIT_TEST(test_vmin_counting)
UNIT_TEST(test_mode_switch)
UNIT_TEST(test_flow_control)
UNIT_TEST(test_parmrk)
UNIT_TEST(test_opost)

UNIT_MAIN()
