/* TTY flip buffers: bytes a driver has handed to a tty that its line discipline has not
 * taken yet (Linux's tty_buffer.c, as one bounded ring).  The pty driver writes into the
 * other side's flip buffer, which needs only the ring's own lock, so a pty can write
 * (and echo) while holding its own tty->lock.  tty_flip_push() then moves the bytes into
 * the line discipline with receive_buf2, which takes what fits; the rest waits for the
 * reader to make room.  A push in flight is serialised by push_mutex; a flush (which may
 * come from any context) empties the ring at once and bumps gen so that the push does
 * not count bytes twice.
 * Relies on: kmalloc, mutexes, the line discipline's receive_buf2. */
#include "tty.h"
#include <anvil/errno.h>
#include <anvil/slab.h>
#include <anvil/string.h>

#define PUSH_CHUNK	256	/* bytes handed to the line discipline per step */

int tty_flip_init(struct tty_struct *tty)
{
	struct tty_flip *fb = &tty->flip;

	fb->buf = kmalloc(TTY_FLIP_SIZE, GFP_KERNEL);
	return fb->buf ? 0 : -ENOMEM;
}

void tty_flip_free(struct tty_struct *tty)
{
	kfree(tty->flip.buf);
	tty->flip.buf = NULL;
}

static size_t flip_used(const struct tty_flip *fb)
{
	return fb->head - fb->tail;
}

size_t tty_insert_flip(struct tty_struct *tty, const u8 *buf, size_t n)
{
	struct tty_flip *fb = &tty->flip;
	unsigned long flags;
	size_t done;

	spin_lock_irqsave(&fb->lock, flags);
	n = min(n, TTY_FLIP_SIZE - flip_used(fb));
	for (done = 0; done < n; ) {
		size_t at = fb->head % TTY_FLIP_SIZE, chunk = min(n - done, TTY_FLIP_SIZE - at);

		memcpy(fb->buf + at, buf + done, chunk);
		fb->head += chunk;
		done += chunk;
	}
	spin_unlock_irqrestore(&fb->lock, flags);
	if (n)
		wake_up(&tty->read_wait);
	return n;
}

/* Copy up to @n queued bytes into @dst without consuming them; *@gen gets the flush
 * generation they belong to. */
static size_t flip_peek(struct tty_flip *fb, u8 *dst, size_t n, unsigned int *gen)
{
	unsigned long flags;
	size_t i;

	spin_lock_irqsave(&fb->lock, flags);
	n = min(n, flip_used(fb));
	for (i = 0; i < n; i++)
		dst[i] = fb->buf[(fb->tail + i) % TTY_FLIP_SIZE];
	*gen = fb->gen;
	spin_unlock_irqrestore(&fb->lock, flags);
	return n;
}

static void flip_consume(struct tty_flip *fb, size_t n, unsigned int gen)
{
	unsigned long flags;

	spin_lock_irqsave(&fb->lock, flags);
	if (fb->gen == gen)
		fb->tail += n;
	spin_unlock_irqrestore(&fb->lock, flags);
}

void tty_flip_push(struct tty_struct *tty)
{
	struct tty_flip *fb = &tty->flip;
	u8 chunk[PUSH_CHUNK];
	bool took_any = false;

	if (!tty_flip_pending(tty))
		return;
	mutex_lock(&fb->push_mutex);
	for (;;) {
		unsigned int gen;
		size_t n = flip_peek(fb, chunk, sizeof(chunk), &gen), took;

		if (!n)
			break;
		took = tty->ldisc->receive_buf2(tty, chunk, n);
		flip_consume(fb, took, gen);
		took_any |= took > 0;
		if (took < n)
			break;
	}
	mutex_unlock(&fb->push_mutex);
	if (took_any && tty->ops->unthrottle)
		tty->ops->unthrottle(tty);
}

bool tty_flip_pending(struct tty_struct *tty)
{
	struct tty_flip *fb = &tty->flip;

	return fb->buf && READ_ONCE(fb->head) != READ_ONCE(fb->tail);
}

size_t tty_flip_room(struct tty_struct *tty)
{
	struct tty_flip *fb = &tty->flip;
	unsigned long flags;
	size_t room;

	spin_lock_irqsave(&fb->lock, flags);
	room = TTY_FLIP_SIZE - flip_used(fb);
	spin_unlock_irqrestore(&fb->lock, flags);
	return room;
}

void tty_flip_flush(struct tty_struct *tty)
{
	struct tty_flip *fb = &tty->flip;
	unsigned long flags;

	if (!fb->buf)
		return;
	spin_lock_irqsave(&fb->lock, flags);
	fb->tail = fb->head;
	fb->gen++;
	spin_unlock_irqrestore(&fb->lock, flags);
}
