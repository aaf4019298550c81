/* N_TTY line discipline, pure part: what the terminal does to the bytes, independent of
 * how they arrive or leave.  Spec: POSIX General Terminal Interface, termios(3), and
 * Linux's observable behaviour (e.g. echoed control characters as "^C", tabs erased by
 * column, VWERASE erasing alphanumeric words as BSD's ALTWERASE, VEOF leaving a 0-byte
 * marker that ends a line without being read).
 *
 * Relies on nothing but memcpy/memset: no locks, sleeping or signals.  The caller
 * (tty/n_tty_io.c) holds the tty's lock across every call and acts on the returned
 * n_tty_events.  Echo bytes pass through the same output post-processing as written data
 * so the column stays right; they are staged in echo_buf and handed to ->output(), or held
 * there while output is stopped (VSTOP/TCOOFF). */
#include "n_tty.h"
#include <anvil/compiler.h>
#include <anvil/string.h>
#include <anvil/time.h>
#include <asm/signal.h>

#define MASK(x)		((x) & (N_TTY_BUF_SIZE - 1))
#define I_(ld, f)	((ld)->termios->c_iflag & (f))
#define O_(ld, f)	((ld)->termios->c_oflag & (f))
#define L_(ld, f)	((ld)->termios->c_lflag & (f))
#define CC(ld, v)	((ld)->termios->c_cc[v])
#define TAB_STOP	8

enum erase_kind { ERASE, WERASE, KILL };

static bool bit_test(const u32 *map, size_t i) { return (map[i / 32] >> (i % 32)) & 1; }
static void bit_set(u32 *map, size_t i) { map[i / 32] |= 1u << (i % 32); }
static void bit_clear(u32 *map, size_t i) { map[i / 32] &= ~(1u << (i % 32)); }

/* Control characters as Linux's iscntrl(): C0 and DEL (0x80-0x9f are not). */
static bool is_ctrl(u8 c) { return c < 0x20 || c == 0x7f; }

/* A UTF-8 continuation byte takes no column of its own (only under IUTF8). */
static bool is_continuation(const struct n_tty_data *ld, u8 c)
{
	return I_(ld, IUTF8) && (c & 0xc0) == 0x80;
}

/* Word characters for VWERASE: alphanumerics and '_' (Linux's isalnum() also counts the
 * Latin-1 letters, which makes UTF-8 lead bytes of accented letters word characters). */
static bool is_word_char(u8 c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c == '_' || (c >= 0xc0 && c != 0xd7 && c != 0xf7);
}

/* ---------------------------------------------------------------- output processing */

/* Post-process one byte into @out (@room bytes).  Returns bytes produced (0: byte
 * dropped by ONOCR) or -1 if its expansion does not fit. */
static int opost_char(struct n_tty_data *ld, u8 c, u8 *out, size_t room)
{
	unsigned int spaces;

	if (!room)
		return -1;
	switch (c) {
	case '\n':
		if (O_(ld, ONLRET))
			ld->column = 0;
		if (O_(ld, ONLCR)) {
			if (room < 2)
				return -1;
			ld->column = ld->canon_column = 0;
			out[0] = '\r';
			out[1] = '\n';
			return 2;
		}
		ld->canon_column = ld->column;
		break;
	case '\r':
		if (O_(ld, ONOCR) && ld->column == 0)
			return 0;
		if (O_(ld, OCRNL)) {
			c = '\n';
			if (O_(ld, ONLRET))
				ld->column = ld->canon_column = 0;
			break;
		}
		ld->column = ld->canon_column = 0;
		break;
	case '\t':
		spaces = TAB_STOP - (ld->column % TAB_STOP);
		if ((ld->termios->c_oflag & TABDLY) == XTABS) {
			if (room < spaces)
				return -1;
			memset(out, ' ', spaces);
			ld->column += spaces;
			return spaces;
		}
		ld->column += spaces;
		break;
	case '\b':
		if (ld->column > 0)
			ld->column--;
		break;
	default:
		if (!is_ctrl(c)) {
			if (O_(ld, OLCUC) && c >= 'a' && c <= 'z')
				c -= 'a' - 'A';
			if (!is_continuation(ld, c))
				ld->column++;
		}
		break;
	}
	out[0] = c;
	return 1;
}

size_t n_tty_opost(struct n_tty_data *ld, const u8 *src, size_t n, u8 *dst, size_t room,
		   size_t *consumed)
{
	size_t i, out = 0;

	if (!O_(ld, OPOST)) {
		out = min(n, room);
		memcpy(dst, src, out);
		*consumed = out;
		return out;
	}
	for (i = 0; i < n; i++) {
		int r = opost_char(ld, src[i], dst + out, room - out);

		if (r < 0)
			break;
		out += r;
	}
	*consumed = i;
	return out;
}

/* ---------------------------------------------------------------- echo */

/* Hand staged echoes to the device unless output is stopped. */
static void echo_flush(struct n_tty_data *ld)
{
	if (ld->stopped || !ld->echo_len)
		return;
	ld->output(ld->priv, ld->echo_buf, ld->echo_len);
	ld->echo_len = 0;
}

/* Make room for @n staged bytes; false if held echoes fill the buffer (they are then
 * dropped, as a full echo buffer drops them in Linux). */
static bool echo_reserve(struct n_tty_data *ld, size_t n)
{
	if (N_TTY_ECHO_SIZE - ld->echo_len >= n)
		return true;
	echo_flush(ld);
	return N_TTY_ECHO_SIZE - ld->echo_len >= n;
}

/* Echo @c as output would show it (OPOST applies). */
static void echo_raw(struct n_tty_data *ld, u8 c)
{
	int r;

	if (!echo_reserve(ld, TAB_STOP))
		return;
	if (!O_(ld, OPOST)) {
		ld->echo_buf[ld->echo_len++] = c;
		return;
	}
	r = opost_char(ld, c, ld->echo_buf + ld->echo_len, N_TTY_ECHO_SIZE - ld->echo_len);
	if (r > 0)
		ld->echo_len += r;
}

/* Echo an input character: control characters other than TAB as "^X" under ECHOCTL. */
static void echo_char(struct n_tty_data *ld, u8 c)
{
	if (!L_(ld, ECHOCTL) || !is_ctrl(c) || c == '\t') {
		echo_raw(ld, c);
		return;
	}
	if (!echo_reserve(ld, 2))
		return;
	ld->echo_buf[ld->echo_len++] = '^';
	ld->echo_buf[ld->echo_len++] = c ^ 0x40;
	ld->column += 2;
}

static void echo_str(struct n_tty_data *ld, const char *s)
{
	while (*s)
		echo_raw(ld, (u8)*s++);
}

/* Close an ECHOPRT "\erased/" group. */
static void finish_erasing(struct n_tty_data *ld)
{
	if (ld->erasing) {
		echo_raw(ld, '/');
		ld->erasing = false;
	}
}

/* Echo an ordinary input character, remembering where the line's echo began. */
static void echo_input(struct n_tty_data *ld, u8 c)
{
	finish_erasing(ld);
	if (ld->canon_head == ld->read_head)
		ld->canon_column = ld->column;
	echo_char(ld, c);
}

/* ---------------------------------------------------------------- flow control */

static void start_output(struct n_tty_data *ld, struct n_tty_events *ev)
{
	if (!ld->stopped || ld->tco_stopped)
		return;
	ld->stopped = false;
	ev->restarted = true;
	echo_flush(ld);
}

/* IXANY: any input restarts output stopped by VSTOP. */
static void restart_on_any(struct n_tty_data *ld, struct n_tty_events *ev)
{
	if (ld->stopped && I_(ld, IXON) && I_(ld, IXANY))
		start_output(ld, ev);
}

bool n_tty_tco_flow(struct n_tty_data *ld, bool stop)
{
	if (stop) {
		ld->tco_stopped = true;
		ld->stopped = true;
		return false;
	}
	if (!ld->tco_stopped)
		return false;
	ld->tco_stopped = false;
	if (!ld->stopped)
		return false;
	ld->stopped = false;
	echo_flush(ld);
	return true;
}

/* ---------------------------------------------------------------- input queue */

/* Canonical mode keeps the last slot for a line delimiter, so a full line can always be
 * ended (termios(3): characters after the 4095th are discarded, the newline is not). */
static bool has_room(const struct n_tty_data *ld, bool delim)
{
	size_t used = ld->read_head - ld->read_tail;

	if (ld->icanon && !delim)
		return used < N_TTY_BUF_SIZE - 1;
	return used < N_TTY_BUF_SIZE;
}

static void queue_byte(struct n_tty_data *ld, u8 c, bool delim)
{
	if (!has_room(ld, delim))
		return;
	ld->read_buf[MASK(ld->read_head)] = c;
	ld->read_head++;
}

/* Queue @c (twice if it is 0377 under PARMRK, so it cannot be taken for a mark). */
static void queue_data(struct n_tty_data *ld, u8 c, struct n_tty_events *ev)
{
	if (c == 0xff && I_(ld, PARMRK))
		queue_byte(ld, c, false);
	queue_byte(ld, c, false);
	if (!ld->icanon)
		ev->readable = true;
}

/* Finish the canonical line with delimiter @c (a VEOF marker when @eof). */
static void end_line(struct n_tty_data *ld, u8 c, bool eof, struct n_tty_events *ev)
{
	size_t at;

	if (!has_room(ld, true))
		return;
	at = MASK(ld->read_head);
	queue_byte(ld, eof ? 0 : c, true);
	bit_set(ld->delim_map, at);
	if (eof)
		bit_set(ld->eof_map, at);
	ld->canon_head = ld->read_head;
	ev->readable = true;
}

void n_tty_flush_input(struct n_tty_data *ld)
{
	ld->read_head = ld->read_tail = ld->canon_head = 0;
	memset(ld->delim_map, 0, sizeof(ld->delim_map));
	memset(ld->eof_map, 0, sizeof(ld->eof_map));
	ld->lnext = false;
	ld->erasing = false;
}

void n_tty_flush_output(struct n_tty_data *ld)
{
	ld->echo_len = 0;
}

/* ---------------------------------------------------------------- line editing */

/* Number of backspaces that take the cursor back over a TAB just erased: the columns
 * it spanned, found by replaying the line since its start (or since an earlier TAB,
 * which ends on a tab stop). */
static unsigned int tab_width_before(const struct n_tty_data *ld)
{
	unsigned int col = 0;
	bool after_tab = false;
	size_t i = ld->read_head;

	while (i != ld->canon_head) {
		u8 c = ld->read_buf[MASK(--i)];

		if (c == '\t') {
			after_tab = true;
			break;
		}
		if (is_ctrl(c)) {
			if (L_(ld, ECHOCTL))
				col += 2;
		} else if (!is_continuation(ld, c)) {
			col++;
		}
	}
	if (!after_tab)
		col += ld->canon_column;
	return TAB_STOP - (col % TAB_STOP);
}

/* Echo the erasure of character @c (@cnt bytes starting at @head). */
static void echo_erased(struct n_tty_data *ld, enum erase_kind kind, u8 c, size_t head,
			size_t cnt)
{
	if (L_(ld, ECHOPRT)) {
		if (!ld->erasing) {
			echo_raw(ld, '\\');
			ld->erasing = true;
		}
		echo_char(ld, c);
		while (--cnt > 0)
			echo_raw(ld, ld->read_buf[MASK(++head)]);
	} else if (kind == ERASE && !L_(ld, ECHOE)) {
		echo_char(ld, CC(ld, VERASE));
	} else if (c == '\t') {
		unsigned int bs = min(tab_width_before(ld), ld->column);

		while (bs-- && echo_reserve(ld, 1)) {
			ld->echo_buf[ld->echo_len++] = '\b';
			ld->column--;
		}
	} else {
		if (is_ctrl(c) && L_(ld, ECHOCTL))
			echo_str(ld, "\b \b");
		if (!is_ctrl(c) || L_(ld, ECHOCTL))
			echo_str(ld, "\b \b");
	}
}

/* VERASE, VWERASE or VKILL (@c) on the line being edited. */
static void eraser(struct n_tty_data *ld, u8 c)
{
	enum erase_kind kind;
	bool seen_word = false;

	if (ld->read_head == ld->canon_head)
		return;
	if (c == CC(ld, VERASE)) {
		kind = ERASE;
	} else if (c == CC(ld, VWERASE)) {
		kind = WERASE;
	} else {
		if (!L_(ld, ECHO)) {
			ld->read_head = ld->canon_head;
			return;
		}
		if (!L_(ld, ECHOK) || !L_(ld, ECHOKE) || !L_(ld, ECHOE)) {
			/* Show the kill character (and a newline under ECHOK) instead of
			 * wiping the line off the screen. */
			ld->read_head = ld->canon_head;
			finish_erasing(ld);
			echo_char(ld, c);
			if (L_(ld, ECHOK))
				echo_raw(ld, '\n');
			return;
		}
		kind = KILL;
	}

	while (ld->read_head != ld->canon_head) {
		size_t head = ld->read_head, cnt;
		u8 ch;

		do {	/* one character, possibly several UTF-8 bytes */
			ch = ld->read_buf[MASK(--head)];
		} while (is_continuation(ld, ch) && head != ld->canon_head);
		if (is_continuation(ld, ch))
			break;
		if (kind == WERASE) {
			if (is_word_char(ch))
				seen_word = true;
			else if (seen_word)
				break;
		}
		cnt = ld->read_head - head;
		ld->read_head = head;
		if (L_(ld, ECHO))
			echo_erased(ld, kind, ch, head, cnt);
		if (kind == ERASE)
			break;
	}
	if (ld->read_head == ld->canon_head && L_(ld, ECHO))
		finish_erasing(ld);
}

/* VREPRINT: show the character, a newline, and the line typed so far. */
static void reprint(struct n_tty_data *ld)
{
	size_t i;

	finish_erasing(ld);
	echo_char(ld, CC(ld, VREPRINT));
	echo_raw(ld, '\n');
	for (i = ld->canon_head; i != ld->read_head; i++)
		echo_char(ld, ld->read_buf[MASK(i)]);
}

/* Canonical-mode special characters.  Returns true if @c was consumed. */
static bool receive_canon_special(struct n_tty_data *ld, u8 c, struct n_tty_events *ev)
{
	if (c == CC(ld, VERASE) || c == CC(ld, VKILL) ||
	    (c == CC(ld, VWERASE) && L_(ld, IEXTEN))) {
		eraser(ld, c);
		return true;
	}
	if (c == CC(ld, VLNEXT) && L_(ld, IEXTEN)) {
		ld->lnext = true;
		if (L_(ld, ECHO)) {
			finish_erasing(ld);
			if (L_(ld, ECHOCTL)) {
				echo_raw(ld, '^');
				echo_raw(ld, '\b');
			}
		}
		return true;
	}
	if (c == CC(ld, VREPRINT) && L_(ld, ECHO) && L_(ld, IEXTEN)) {
		reprint(ld);
		return true;
	}
	if (c == '\n') {
		if (L_(ld, ECHO) || L_(ld, ECHONL))
			echo_raw(ld, '\n');
		end_line(ld, c, false, ev);
		return true;
	}
	if (c == CC(ld, VEOL) || (c == CC(ld, VEOL2) && L_(ld, IEXTEN))) {
		if (L_(ld, ECHO)) {
			if (ld->canon_head == ld->read_head)
				ld->canon_column = ld->column;
			echo_char(ld, c);
		}
		if (c == 0xff && I_(ld, PARMRK))
			queue_byte(ld, c, false);
		end_line(ld, c, false, ev);
		return true;
	}
	if (c == CC(ld, VEOF)) {
		end_line(ld, 0, true, ev);
		return true;
	}
	return false;
}

/* VINTR/VQUIT/VSUSP: signal, flush input and unsent output (unless NOFLSH), restart
 * output, echo "^C". */
static void receive_signal_char(struct n_tty_data *ld, int sig, u8 c, struct n_tty_events *ev)
{
	ev->signals |= 1u << sig;
	if (!L_(ld, NOFLSH)) {
		n_tty_flush_input(ld);
		n_tty_flush_output(ld);
		if (ld->discard)
			ld->discard(ld->priv);
	}
	if (I_(ld, IXON))
		start_output(ld, ev);
	if (L_(ld, ECHO))
		echo_char(ld, c);
}

static int isig_signal(const struct n_tty_data *ld, u8 c)
{
	if (c == CC(ld, VINTR))
		return SIGINT;
	if (c == CC(ld, VQUIT))
		return SIGQUIT;
	if (c == CC(ld, VSUSP))
		return SIGTSTP;
	return 0;
}

/* A byte with no special meaning (or made literal by VLNEXT). */
static void receive_plain(struct n_tty_data *ld, u8 c, struct n_tty_events *ev)
{
	restart_on_any(ld, ev);
	if (L_(ld, ECHO))
		echo_input(ld, c);
	queue_data(ld, c, ev);
}

/* A byte marked in char_map under the current termios. */
static void receive_special(struct n_tty_data *ld, u8 c, struct n_tty_events *ev)
{
	int sig;

	if (I_(ld, IXON) && (c == CC(ld, VSTART) || c == CC(ld, VSTOP))) {
		if (c == CC(ld, VSTART))
			start_output(ld, ev);
		else
			ld->stopped = true;
		return;
	}
	sig = L_(ld, ISIG) ? isig_signal(ld, c) : 0;
	if (sig) {
		receive_signal_char(ld, sig, c, ev);
		return;
	}
	restart_on_any(ld, ev);
	if (c == '\r') {
		if (I_(ld, IGNCR))
			return;
		if (I_(ld, ICRNL))
			c = '\n';
	} else if (c == '\n' && I_(ld, INLCR)) {
		c = '\r';
	}
	if (ld->icanon && receive_canon_special(ld, c, ev))
		return;
	if (L_(ld, ECHO)) {
		if (c == '\n') {
			finish_erasing(ld);
			echo_raw(ld, '\n');
		} else {
			echo_input(ld, c);
		}
	}
	queue_data(ld, c, ev);
}

static void receive_byte(struct n_tty_data *ld, u8 c, struct n_tty_events *ev)
{
	bool literal = ld->lnext;

	ld->lnext = false;
	if (I_(ld, ISTRIP))
		c &= 0x7f;
	if (I_(ld, IUCLC) && L_(ld, IEXTEN) && c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	if (!literal && bit_test(ld->char_map, c))
		receive_special(ld, c, ev);
	else
		receive_plain(ld, c, ev);
}

size_t n_tty_receive_room(const struct n_tty_data *ld)
{
	long room = N_TTY_BUF_SIZE - (long)(ld->read_head - ld->read_tail);

	if (I_(ld, PARMRK))
		room = (room + 2) / 3;	/* a byte may queue as three */
	room--;
	if (room > 0)
		return room;
	/* A full canonical line with nothing to read before it: keep taking bytes (they
	 * are dropped), or the line could never be ended or erased. */
	return ld->icanon && ld->canon_head == ld->read_tail;
}

struct n_tty_events n_tty_receive(struct n_tty_data *ld, const u8 *buf, size_t n)
{
	struct n_tty_events ev = { false, false, 0 };
	size_t i;

	for (i = 0; i < n; i++)
		receive_byte(ld, buf[i], &ev);
	echo_flush(ld);
	return ev;
}

/* ---------------------------------------------------------------- reading */

bool n_tty_input_available(const struct n_tty_data *ld, bool poll)
{
	const struct termios *t = ld->termios;
	size_t amt = 1;

	if (ld->icanon)
		return ld->canon_head != ld->read_tail;
	if (poll && !t->c_cc[VTIME] && t->c_cc[VMIN])
		amt = t->c_cc[VMIN];
	return ld->read_head - ld->read_tail >= amt;
}

size_t n_tty_read_raw(struct n_tty_data *ld, u8 *dst, size_t n)
{
	size_t i;

	n = min(n, ld->read_head - ld->read_tail);
	for (i = 0; i < n; i++)
		dst[i] = ld->read_buf[MASK(ld->read_tail + i)];
	ld->read_tail += n;
	return n;
}

size_t n_tty_read_canon(struct n_tty_data *ld, u8 *dst, size_t n, bool *eol)
{
	size_t look = min(n, ld->canon_head - ld->read_tail);
	size_t i, copied = 0;

	*eol = false;
	for (i = 0; i < look; i++) {
		size_t idx = MASK(ld->read_tail + i);

		if (bit_test(ld->delim_map, idx)) {
			if (!bit_test(ld->eof_map, idx))
				dst[copied++] = ld->read_buf[idx];
			bit_clear(ld->delim_map, idx);
			bit_clear(ld->eof_map, idx);
			ld->read_tail += i + 1;
			*eol = true;
			return copied;
		}
		dst[copied++] = ld->read_buf[idx];
	}
	ld->read_tail += look;
	return copied;
}

size_t n_tty_inq(const struct n_tty_data *ld)
{
	size_t i, nr;

	if (!ld->icanon)
		return ld->read_head - ld->read_tail;
	nr = ld->canon_head - ld->read_tail;
	for (i = ld->read_tail; i != ld->canon_head; i++)
		if (bit_test(ld->eof_map, MASK(i)))
			nr--;
	return nr;
}

struct n_tty_read_policy n_tty_read_policy(const struct termios *t)
{
	cc_t vmin = t->c_cc[VMIN], vtime = t->c_cc[VTIME];
	s64 tenths = (s64)vtime * 100 * NSEC_PER_MSEC;
	struct n_tty_read_policy p;

	if (vmin) {
		/* Block for the first byte; VTIME (if set) is an inter-byte timer. */
		p.minimum = vmin;
		p.first_ns = -1;
		p.inter_ns = vtime ? tenths : -1;
	} else {
		/* VTIME (if set) bounds the whole read; one byte is enough. */
		p.minimum = 1;
		p.first_ns = vtime ? tenths : 0;
		p.inter_ns = 0;
	}
	return p;
}

/* ---------------------------------------------------------------- configuration */

static void map_char(struct n_tty_data *ld, u8 c)
{
	bit_set(ld->char_map, c);
}

/* Mark the bytes n_tty_receive must look at closely.  NUL never is: a c_cc entry of 0
 * is _POSIX_VDISABLE. */
static void build_char_map(struct n_tty_data *ld)
{
	memset(ld->char_map, 0, sizeof(ld->char_map));
	if (I_(ld, IGNCR | ICRNL))
		map_char(ld, '\r');
	if (I_(ld, INLCR))
		map_char(ld, '\n');
	if (L_(ld, ICANON)) {
		map_char(ld, CC(ld, VERASE));
		map_char(ld, CC(ld, VKILL));
		map_char(ld, CC(ld, VEOF));
		map_char(ld, '\n');
		map_char(ld, CC(ld, VEOL));
		if (L_(ld, IEXTEN)) {
			map_char(ld, CC(ld, VWERASE));
			map_char(ld, CC(ld, VLNEXT));
			map_char(ld, CC(ld, VEOL2));
			if (L_(ld, ECHO))
				map_char(ld, CC(ld, VREPRINT));
		}
	}
	if (I_(ld, IXON)) {
		map_char(ld, CC(ld, VSTART));
		map_char(ld, CC(ld, VSTOP));
	}
	if (L_(ld, ISIG)) {
		map_char(ld, CC(ld, VINTR));
		map_char(ld, CC(ld, VQUIT));
		map_char(ld, CC(ld, VSUSP));
	}
	bit_clear(ld->char_map, 0);
}

bool n_tty_set_termios(struct n_tty_data *ld, const struct termios *old)
{
	bool canon = L_(ld, ICANON);

	if (!old || ((old->c_lflag ^ ld->termios->c_lflag) & ICANON)) {
		memset(ld->delim_map, 0, sizeof(ld->delim_map));
		memset(ld->eof_map, 0, sizeof(ld->eof_map));
		if (!canon || ld->read_head == ld->read_tail) {
			ld->canon_head = ld->read_tail;
		} else {
			/* Entering canonical mode: what is queued becomes one line. */
			bit_set(ld->delim_map, MASK(ld->read_head - 1));
			ld->canon_head = ld->read_head;
		}
		ld->erasing = false;
		ld->lnext = false;
	}
	ld->icanon = canon;
	build_char_map(ld);

	if (old && (old->c_iflag & IXON) && !I_(ld, IXON) && ld->stopped && !ld->tco_stopped) {
		ld->stopped = false;
		echo_flush(ld);
		return true;
	}
	return false;
}

void n_tty_init(struct n_tty_data *ld, const struct termios *t, n_tty_output_fn output, void *priv)
{
	memset(ld, 0, sizeof(*ld));
	ld->termios = t;
	ld->output = output;
	ld->priv = priv;
	n_tty_set_termios(ld, NULL);
}
