/* N_TTY line discipline, pure part (tty/n_tty.c): the byte-stream logic of the POSIX
 * General Terminal Interface as Linux implements it -- input processing (canonical line
 * editing, ISIG, IXON, CR/NL mapping, echo) and output post-processing (OPOST).  No locks,
 * no sleeping, no user memory: the caller (tty/n_tty_io.c) serialises every call with the
 * tty's lock and turns the returned events into signals and wake-ups.  Built for the host
 * by tests/unit/test_n_tty.c. */
#ifndef TTY_N_TTY_H
#define TTY_N_TTY_H

#include <anvil/types.h>
#include <asm/termbits.h>

#define N_TTY_BUF_SIZE	4096		/* input ring; also the longest canonical line + 1 */
#define N_TTY_ECHO_SIZE	256		/* echo bytes staged (held while output is stopped) */

/* Emit @n post-processed output bytes (echoes) to the device. */
typedef void (*n_tty_output_fn)(void *priv, const u8 *buf, size_t n);
/* Drop output the device has accepted but not delivered yet. */
typedef void (*n_tty_discard_fn)(void *priv);

/* What n_tty_receive() leaves for the caller to do once the lock is dropped. */
struct n_tty_events {
	bool readable;			/* wake readers/pollers: new data or a new line */
	bool restarted;			/* output was restarted: wake writers */
	u32 signals;			/* bit (1 << sig) per ISIG signal for the foreground pgrp */
};

struct n_tty_data {
	const struct termios *termios;	/* the tty's termios (changes go via n_tty_set_termios) */
	n_tty_output_fn output;
	n_tty_discard_fn discard;	/* for an ISIG flush; NULL: nothing to drop (set
					 * after n_tty_init) */
	void *priv;
	u32 char_map[256 / 32];		/* bytes that need more than queue-and-echo */
	bool icanon;			/* ICANON as of the last n_tty_set_termios() */

	/* Input ring.  Counters run freely; index = counter & (N_TTY_BUF_SIZE - 1).
	 * read_tail <= canon_head <= read_head; [read_tail, canon_head) holds finished
	 * lines (canonical mode), [canon_head, read_head) the line being edited. */
	u8 read_buf[N_TTY_BUF_SIZE];
	u32 delim_map[N_TTY_BUF_SIZE / 32];	/* byte ends a line (NL, EOL, EOL2, EOF, push) */
	u32 eof_map[N_TTY_BUF_SIZE / 32];	/* byte is a VEOF marker: ends a line, never read */
	size_t read_head, read_tail, canon_head;
	bool lnext;			/* next byte is literal (VLNEXT seen) */
	bool erasing;			/* inside an ECHOPRT "\...": a '/' closes it */

	/* Output state shared by echoes and writes. */
	unsigned int column;		/* cursor column as far as we can tell */
	unsigned int canon_column;	/* column where the current input line's echo began */
	bool stopped;			/* output stopped by VSTOP or TCOOFF */
	bool tco_stopped;		/* ... by TCOOFF (only TCOON restarts it) */
	u8 echo_buf[N_TTY_ECHO_SIZE];	/* echoes not yet handed to output() */
	size_t echo_len;
};

/* Set up @ld for termios @t; @output receives echoes.  Input starts empty. */
void n_tty_init(struct n_tty_data *ld, const struct termios *t, n_tty_output_fn output, void *priv);
/* The termios changed (old settings in @old): recompute the special characters; on an
 * ICANON switch, pending input becomes readable (raw) or one pushed line (canonical).
 * Restarts output if IXON was turned off.  Returns true if output restarted. */
bool n_tty_set_termios(struct n_tty_data *ld, const struct termios *old);
/* How many bytes n_tty_receive() can take now without dropping any (Linux's receive
 * room: one slot stays free, PARMRK counts a byte as three).  In canonical mode with
 * the buffer full and no finished line, 1: such bytes are dropped (or edit the line, or
 * end it), so a writer is never held up by a line that cannot be read. */
size_t n_tty_receive_room(const struct n_tty_data *ld);
/* Process @n received bytes (termios(3) input processing), echoing via output(). */
struct n_tty_events n_tty_receive(struct n_tty_data *ld, const u8 *buf, size_t n);

/* True if a read would find data under the current mode: a finished line (canonical) or
 * at least one byte -- at least VMIN when @poll, VMIN > 0 and VTIME == 0 (as Linux). */
bool n_tty_input_available(const struct n_tty_data *ld, bool poll);
/* Non-canonical read: move up to @n queued bytes to @dst.  Returns bytes moved. */
size_t n_tty_read_raw(struct n_tty_data *ld, u8 *dst, size_t n);
/* Canonical read: move bytes of the first finished line to @dst, looking at most @n
 * bytes ahead for its end.  The line delimiter is copied unless it is VEOF.  *@eol is
 * set when the end of the line was consumed (the read is then complete).  Returns bytes
 * copied (0 with *eol set: end of file). */
size_t n_tty_read_canon(struct n_tty_data *ld, u8 *dst, size_t n, bool *eol);
/* Bytes a read could return now (FIONREAD): the finished lines without VEOF markers in
 * canonical mode, everything queued otherwise. */
size_t n_tty_inq(const struct n_tty_data *ld);
/* Discard all queued input and the partial line (TCIFLUSH). */
void n_tty_flush_input(struct n_tty_data *ld);
/* Discard echoes held back by stopped output (TCOFLUSH). */
void n_tty_flush_output(struct n_tty_data *ld);

/* Output post-processing (OPOST, ONLCR, OCRNL, ONOCR, ONLRET, OLCUC, XTABS) of @src into
 * @dst (@room bytes), keeping track of the column.  Stops before a byte whose expansion
 * does not fit.  *@consumed gets the source bytes used; returns bytes put in @dst. */
size_t n_tty_opost(struct n_tty_data *ld, const u8 *src, size_t n, u8 *dst, size_t room,
		   size_t *consumed);
/* TCXONC TCOOFF (@stop) / TCOON.  Returns true if output restarted. */
bool n_tty_tco_flow(struct n_tty_data *ld, bool stop);
/* Output is stopped (writers must wait). */
static inline bool n_tty_output_stopped(const struct n_tty_data *ld) { return ld->stopped; }

/* How a non-canonical read waits, from VMIN/VTIME (termios(3)): return once @minimum
 * bytes are read; wait at most @first_ns for data before any arrived and @inter_ns
 * between bytes after that (-1: forever, 0: do not wait). */
struct n_tty_read_policy {
	size_t minimum;
	s64 first_ns;
	s64 inter_ns;
};
struct n_tty_read_policy n_tty_read_policy(const struct termios *t);

#endif
