// SPDX-License-Identifier: MIT
/*
 * A small printf formatter: %d %i %u %x %X %p %s %c %%, length modifiers
 * hh h l ll z t, a field width (digits or '*'), and the '-' and '0' flags.
 * Numbers are converted by a bit-at-a-time division, so no target needs
 * libgcc's 64-bit division helpers for printing.
 */
#include <baremm/printk.h>
#include <baremm/string.h>

struct outbuf {
	char *buf;
	size_t size;	/* capacity including the terminating NUL */
	size_t len;	/* characters produced, even past size */
};

static void out_char(struct outbuf *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

/*
 * Divide *@n by @base (10 or 16) in place, one bit at a time, and return
 * the remainder: small code and no 64-bit divide helper on any target;
 * printing is never on a hot path.
 */
static unsigned int divmod(u64 *n, unsigned int base)
{
	u64 q = *n;
	unsigned int r = 0;

	for (int i = 0; i < 64; i++) {
		r = r << 1 | (unsigned int)(q >> 63);
		q <<= 1;
		if (r >= base) {
			r -= base;
			q |= 1;
		}
	}
	*n = q;
	return r;
}

struct spec {
	unsigned int width;
	bool left;	/* '-' flag */
	bool zero;	/* '0' flag */
};

static void out_padded(struct outbuf *o, const struct spec *sp, const char *s,
		       size_t n, bool neg)
{
	size_t len = n + neg;
	size_t pad = sp->width > len ? sp->width - len : 0;

	if (!sp->left && !sp->zero)
		for (; pad; pad--)
			out_char(o, ' ');
	if (neg)
		out_char(o, '-');
	if (!sp->left)
		for (; pad; pad--)
			out_char(o, '0');
	while (n--)
		out_char(o, *s++);
	for (; pad; pad--)
		out_char(o, ' ');
}

/* A doubled modifier is the next one: h SHORT, hh CHAR; l LONG, ll LLONG. */
enum length { LEN_INT, LEN_SHORT, LEN_CHAR, LEN_LONG, LEN_LLONG, LEN_SIZE };

/* The next argument of length @len, sign-extended when @sign. Each is
 * fetched as its own type: an int-sized long is still not an int to
 * va_arg (C11 7.16.1.1). */
static u64 fetch(va_list *ap, enum length len, bool sign)
{
	u64 v;

	if (len == LEN_LLONG)
		return va_arg(*ap, unsigned long long);
	if (len == LEN_LONG)
		v = sign ? (u64)va_arg(*ap, long) : va_arg(*ap, unsigned long);
	else if (len == LEN_SIZE)
		v = sign ? (u64)va_arg(*ap, ptrdiff_t) : va_arg(*ap, size_t);
	else if (sign)
		v = (u64)va_arg(*ap, int);
	else
		v = va_arg(*ap, unsigned int);
	if (len == LEN_CHAR)
		v = sign ? (u64)(signed char)v : (unsigned char)v;
	else if (len == LEN_SHORT)
		v = sign ? (u64)(short)v : (unsigned short)v;
	return v;
}

static const char *parse_spec(const char *fmt, struct spec *sp, va_list *ap)
{
	sp->width = 0;
	sp->left = sp->zero = false;
	for (;; fmt++) {
		if (*fmt == '-')
			sp->left = true;
		else if (*fmt == '0')
			sp->zero = true;
		else
			break;
	}
	if (*fmt == '*') {
		int w = va_arg(*ap, int);

		if (w < 0) {
			sp->left = true;
			w = -w;
		}
		sp->width = (unsigned int)w;
		fmt++;
	}
	while (*fmt >= '0' && *fmt <= '9')
		sp->width = sp->width * 10 + (unsigned int)(*fmt++ - '0');
	return fmt;
}

static const char *parse_length(const char *fmt, enum length *len)
{
	char c = *fmt;

	*len = LEN_INT;
	if (c == 'h' || c == 'l') {
		*len = c == 'h' ? LEN_SHORT : LEN_LONG;
		if (*++fmt == c) {
			*len += 1;
			fmt++;
		}
	} else if (c == 'z' || c == 't') {
		*len = LEN_SIZE;
		fmt++;
	}
	return fmt;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	struct outbuf o = { buf, size, 0 };
	struct spec sp;
	enum length len;
	va_list ap;

	va_copy(ap, args);
	for (; *fmt; fmt++) {
		char c = *fmt, tmp[24];
		unsigned int base = 10;
		const char *s = tmp;
		size_t n = 1;
		bool neg = false;
		u64 v;

		if (c != '%') {
			out_char(&o, c);
			continue;
		}
		fmt = parse_spec(fmt + 1, &sp, &ap);
		fmt = parse_length(fmt, &len);
		c = *fmt;
		if (c == 's') {
			s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			n = strlen(s);
		} else if (c == 'c') {
			tmp[0] = (char)va_arg(ap, int);
		} else if (c == 'p' || c == 'x' || c == 'X' || c == 'u' ||
			   c == 'd' || c == 'i') {
			if (c == 'p') {
				v = (uintptr_t)va_arg(ap, void *);
				out_char(&o, '0');
				out_char(&o, 'x');
				sp.zero = !sp.left;
				if (!sp.width)
					sp.width = 2 * sizeof(void *);
				else if (sp.width > 2)
					sp.width -= 2;
			} else {
				neg = c == 'd' || c == 'i';
				v = fetch(&ap, len, neg);
				neg = neg && (s64)v < 0;
				if (neg)
					v = 0 - v;
			}
			if (c != 'd' && c != 'i' && c != 'u')
				base = 16;
			/* The digits, backwards from the end of tmp. */
			n = 0;
			do {
				unsigned int r = divmod(&v, base);

				tmp[sizeof(tmp) - ++n] =
					(char)(r < 10 ? '0' + r
						      : (c == 'X' ? 'A' : 'a') + r - 10);
			} while (v);
			s = tmp + sizeof(tmp) - n;
		} else {
			if (!c) {
				fmt--;	/* a lone '%' at the end: stop */
				continue;
			}
			/* "%%", or an unknown conversion printed as it is */
			if (c != '%')
				out_char(&o, '%');
			out_char(&o, c);
			continue;
		}
		out_padded(&o, &sp, s, n, neg);
	}
	va_end(ap);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len > INT_MAX ? INT_MAX : (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
