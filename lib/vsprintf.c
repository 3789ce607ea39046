// SPDX-License-Identifier: MIT
/*
 * A small printf formatter: %d %i %u %x %X %p %s %c %%, length modifiers
 * hh h l ll z t, a field width (digits or '*'), and the '-' and '0' flags.
 * 64-bit decimal conversion divides by 10 with shifts and adds, so no
 * target needs libgcc's 64-bit division helpers for printing.
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

/* Quotient and remainder of @n / 10 without a 64-bit divide. */
static u64 div10(u64 n, unsigned int *rem)
{
	u64 q = (n >> 1) + (n >> 2);

	q += q >> 4;
	q += q >> 8;
	q += q >> 16;
	q += q >> 32;
	q >>= 3;
	n -= q * 10;		/* 0 <= n < 20 */
	if (n > 9) {
		q++;
		n -= 10;
	}
	*rem = (unsigned int)n;
	return q;
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

static void out_number(struct outbuf *o, const struct spec *sp, u64 v,
		       unsigned int base, bool upper, bool neg)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	size_t i = sizeof(tmp);
	unsigned int r;

	do {
		if (base == 16) {
			r = (unsigned int)(v & 15);
			v >>= 4;
		} else {
			v = div10(v, &r);
		}
		tmp[--i] = digits[r];
	} while (v);
	out_padded(o, sp, tmp + i, sizeof(tmp) - i, neg);
}

enum length { LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG, LEN_LLONG, LEN_SIZE };

static u64 fetch_unsigned(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_CHAR:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_SHORT:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_LONG:
		return va_arg(*ap, unsigned long);
	case LEN_LLONG:
		return va_arg(*ap, unsigned long long);
	case LEN_SIZE:
		return va_arg(*ap, size_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static s64 fetch_signed(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_CHAR:
		return (signed char)va_arg(*ap, int);
	case LEN_SHORT:
		return (short)va_arg(*ap, int);
	case LEN_LONG:
		return va_arg(*ap, long);
	case LEN_LLONG:
		return va_arg(*ap, long long);
	case LEN_SIZE:
		return va_arg(*ap, ptrdiff_t);
	default:
		return va_arg(*ap, int);
	}
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
	*len = LEN_INT;
	if (*fmt == 'h') {
		*len = fmt[1] == 'h' ? LEN_CHAR : LEN_SHORT;
		fmt += fmt[1] == 'h' ? 2 : 1;
	} else if (*fmt == 'l') {
		*len = fmt[1] == 'l' ? LEN_LLONG : LEN_LONG;
		fmt += fmt[1] == 'l' ? 2 : 1;
	} else if (*fmt == 'z' || *fmt == 't') {
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
		if (*fmt != '%') {
			out_char(&o, *fmt);
			continue;
		}
		fmt = parse_spec(fmt + 1, &sp, &ap);
		fmt = parse_length(fmt, &len);
		switch (*fmt) {
		case 'd':
		case 'i': {
			s64 v = fetch_signed(&ap, len);
			u64 mag = v < 0 ? (u64)0 - (u64)v : (u64)v;

			out_number(&o, &sp, mag, 10, false, v < 0);
			break;
		}
		case 'u':
			out_number(&o, &sp, fetch_unsigned(&ap, len), 10, false,
				   false);
			break;
		case 'x':
		case 'X':
			out_number(&o, &sp, fetch_unsigned(&ap, len), 16,
				   *fmt == 'X', false);
			break;
		case 'p': {
			uintptr_t v = (uintptr_t)va_arg(ap, void *);

			out_char(&o, '0');
			out_char(&o, 'x');
			sp.zero = !sp.left;
			if (!sp.width)
				sp.width = 2 * sizeof(void *);
			else if (sp.width > 2)
				sp.width -= 2;
			out_number(&o, &sp, v, 16, false, false);
			break;
		}
		case 's': {
			const char *s = va_arg(ap, const char *);

			if (!s)
				s = "(null)";
			out_padded(&o, &sp, s, strlen(s), false);
			break;
		}
		case 'c': {
			char c = (char)va_arg(ap, int);

			out_padded(&o, &sp, &c, 1, false);
			break;
		}
		case '%':
			out_char(&o, '%');
			break;
		case '\0':
			fmt--;	/* a lone '%' at the end: stop */
			break;
		default:	/* unknown conversion: print it as is */
			out_char(&o, '%');
			out_char(&o, *fmt);
			break;
		}
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
