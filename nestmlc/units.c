/* nestmlc/units.c — unit lookup, algebra, conversion and formatting.
 * See units.h for the model (rational dimension exponents + scale to SI). */
#include "units.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- rational exponents ------------------------------------------------------- */

static int64_t gcd64(int64_t a, int64_t b)
{
    if (a < 0) a = -a;
    if (b < 0) b = -b;
    while (b != 0) {
        int64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* Reduces n/d into (*on)/(*od); false if d == 0 or the result does not fit int32.
 * Callers pass products/sums of int32 values, so |n|, |d| < 2^63. */
static bool rat_make(int64_t n, int64_t d, int32_t *on, int32_t *od)
{
    if (d == 0) return false;
    if (d < 0) {
        n = -n;
        d = -d;
    }
    int64_t g = gcd64(n, d);
    if (g > 1) {
        n /= g;
        d /= g;
    }
    if (n == 0) d = 1;
    if (n > INT32_MAX || n < -INT32_MAX || d > INT32_MAX) return false;
    *on = (int32_t)n;
    *od = (int32_t)d;
    return true;
}

/* ---- scales ------------------------------------------------------------------- */

/* Every named unit has a power-of-ten scale; products of them drift by an ulp
 * (1e-3 * 1e-3 != 1e-6). Snapping values within 1e-12 of 10^k to the double
 * nearest 10^k keeps factors such as uS -> nS exactly 1000 in generated code. */
static double pow10_exact(int k)
{
    static const double tab[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    int m = k < 0 ? -k : k;
    double p = m <= 22 ? tab[m] : pow(10.0, m);
    return k < 0 ? 1.0 / p : p;
}

static double snap10(double x)
{
    if (!(x > 0) || !isfinite(x)) return x;
    double l = round(log10(x));
    if (fabs(l) > 300) return x;
    double p = pow10_exact((int)l);
    return fabs(x / p - 1.0) < 1e-12 ? p : x;
}

static bool close_rel(double a, double b, double tol)
{
    return fabs(a - b) <= tol * fmax(fabs(a), fabs(b));
}

/* ---- construction ------------------------------------------------------------- */

nm_unit nm_unit_one(void)
{
    nm_unit u;
    for (int i = 0; i < NM_NDIM; i++) {
        u.num[i] = 0;
        u.den[i] = 1;
    }
    u.scale = 1.0;
    return u;
}

static nm_unit unit_int(const int8_t e[NM_NDIM], double scale)
{
    nm_unit u = nm_unit_one();
    for (int i = 0; i < NM_NDIM; i++) u.num[i] = e[i];
    u.scale = scale;
    return u;
}

bool nm_unit_ok(nm_unit a)
{
    if (!isfinite(a.scale) || !(a.scale > 0)) return false;
    for (int i = 0; i < NM_NDIM; i++)
        if (a.den[i] <= 0) return false;
    return true;
}

/* ---- the name table ----------------------------------------------------------- */

typedef struct named {
    const char *name;
    int8_t e[NM_NDIM]; /* m kg s A K mol cd */
    double scale;
    bool prefixable;
} named;

static const named NAMED[] = {
    {"m", {1, 0, 0, 0, 0, 0, 0}, 1.0, true},
    {"g", {0, 1, 0, 0, 0, 0, 0}, 1e-3, true},
    {"kg", {0, 1, 0, 0, 0, 0, 0}, 1.0, false}, /* exact, and no "mkg" */
    {"s", {0, 0, 1, 0, 0, 0, 0}, 1.0, true},
    {"A", {0, 0, 0, 1, 0, 0, 0}, 1.0, true},
    {"K", {0, 0, 0, 0, 1, 0, 0}, 1.0, true},
    {"mol", {0, 0, 0, 0, 0, 1, 0}, 1.0, true},
    {"cd", {0, 0, 0, 0, 0, 0, 1}, 1.0, true},
    {"rad", {0, 0, 0, 0, 0, 0, 0}, 1.0, true},
    {"sr", {0, 0, 0, 0, 0, 0, 0}, 1.0, true},
    {"Hz", {0, 0, -1, 0, 0, 0, 0}, 1.0, true},
    {"N", {1, 1, -2, 0, 0, 0, 0}, 1.0, true},
    {"Pa", {-1, 1, -2, 0, 0, 0, 0}, 1.0, true},
    {"J", {2, 1, -2, 0, 0, 0, 0}, 1.0, true},
    {"W", {2, 1, -3, 0, 0, 0, 0}, 1.0, true},
    {"C", {0, 0, 1, 1, 0, 0, 0}, 1.0, true},
    {"V", {2, 1, -3, -1, 0, 0, 0}, 1.0, true},
    {"F", {-2, -1, 4, 2, 0, 0, 0}, 1.0, true},
    {"Ohm", {2, 1, -3, -2, 0, 0, 0}, 1.0, true},
    {"ohm", {2, 1, -3, -2, 0, 0, 0}, 1.0, true},
    {"S", {-2, -1, 3, 2, 0, 0, 0}, 1.0, true},
    {"Wb", {2, 1, -2, -1, 0, 0, 0}, 1.0, true},
    {"T", {0, 1, -2, -1, 0, 0, 0}, 1.0, true},
    {"H", {2, 1, -2, -2, 0, 0, 0}, 1.0, true},
    {"lm", {0, 0, 0, 0, 0, 0, 1}, 1.0, true}, /* cd*sr, sr dimensionless */
    {"lx", {-2, 0, 0, 0, 0, 0, 1}, 1.0, true},
    {"Bq", {0, 0, -1, 0, 0, 0, 0}, 1.0, true},
    {"Gy", {2, 0, -2, 0, 0, 0, 0}, 1.0, true},
    {"Sv", {2, 0, -2, 0, 0, 0, 0}, 1.0, true},
    {"kat", {0, 0, -1, 0, 0, 1, 0}, 1.0, true},
    {"L", {3, 0, 0, 0, 0, 0, 0}, 1e-3, true},
    {"l", {3, 0, 0, 0, 0, 0, 0}, 1e-3, true},
    {"M", {-3, 0, 0, 0, 0, 1, 0}, 1e3, true}, /* molar: mol/L */
    {"deg", {0, 0, 0, 0, 0, 0, 0}, 0.017453292519943295, false}, /* pi/180 rad */
};
#define N_NAMED (sizeof NAMED / sizeof NAMED[0])

typedef struct prefix {
    const char *p;
    int exp10;
} prefix;

/* "da" first so that the two-letter prefix is tried before "d". */
static const prefix PREFIXES[] = {
    {"da", 1}, {"y", -24}, {"z", -21}, {"a", -18}, {"f", -15}, {"p", -12}, {"n", -9},
    {"u", -6}, {"m", -3},  {"c", -2},  {"d", -1},  {"h", 2},   {"k", 3},   {"M", 6},
    {"G", 9},  {"T", 12},  {"P", 15},  {"E", 18},  {"Z", 21},  {"Y", 24},
};
#define N_PREFIXES (sizeof PREFIXES / sizeof PREFIXES[0])

static const named *find_named(const char *name)
{
    for (size_t i = 0; i < N_NAMED; i++)
        if (strcmp(NAMED[i].name, name) == 0) return &NAMED[i];
    return NULL;
}

bool nm_unit_lookup(const char *name, nm_unit *out)
{
    if (name == NULL || name[0] == '\0') return false;
    const named *u = find_named(name);
    if (u != NULL) {
        *out = unit_int(u->e, u->scale);
        return true;
    }
    for (size_t i = 0; i < N_PREFIXES; i++) {
        size_t lp = strlen(PREFIXES[i].p);
        if (strncmp(name, PREFIXES[i].p, lp) != 0 || name[lp] == '\0') continue;
        u = find_named(name + lp);
        if (u == NULL || !u->prefixable) continue;
        *out = unit_int(u->e, snap10(u->scale * pow10_exact(PREFIXES[i].exp10)));
        return true;
    }
    return false;
}

/* ---- algebra ------------------------------------------------------------------ */

static nm_unit invalid_unit(void)
{
    nm_unit u = nm_unit_one();
    u.scale = NAN;
    return u;
}

/* a + sign*b, exponent by exponent; NaN scale on overflow (see units.h). */
static nm_unit combine(nm_unit a, nm_unit b, int sign)
{
    if (!nm_unit_ok(a) || !nm_unit_ok(b)) return invalid_unit();
    nm_unit r;
    for (int i = 0; i < NM_NDIM; i++) {
        int64_t n = (int64_t)a.num[i] * b.den[i] + (int64_t)sign * b.num[i] * a.den[i];
        int64_t d = (int64_t)a.den[i] * b.den[i];
        if (!rat_make(n, d, &r.num[i], &r.den[i])) return invalid_unit();
    }
    r.scale = snap10(sign > 0 ? a.scale * b.scale : a.scale / b.scale);
    if (!nm_unit_ok(r)) return invalid_unit();
    return r;
}

nm_unit nm_unit_mul(nm_unit a, nm_unit b) { return combine(a, b, +1); }

nm_unit nm_unit_div(nm_unit a, nm_unit b) { return combine(a, b, -1); }

bool nm_unit_pow(nm_unit a, int32_t num, int32_t den, nm_unit *out)
{
    if (den == 0 || !nm_unit_ok(a)) return false;
    nm_unit r;
    for (int i = 0; i < NM_NDIM; i++)
        if (!rat_make((int64_t)a.num[i] * num, (int64_t)a.den[i] * den, &r.num[i], &r.den[i]))
            return false;
    r.scale = snap10(pow(a.scale, (double)num / (double)den));
    if (!nm_unit_ok(r) || !isnormal(r.scale)) return false;
    *out = r;
    return true;
}

bool nm_unit_is_dimensionless(nm_unit a)
{
    for (int i = 0; i < NM_NDIM; i++)
        if (a.num[i] != 0) return false;
    return true;
}

/* Both operands are in lowest terms with den > 0, so equal fractions compare
 * equal component-wise (0 is always 0/1). */
bool nm_unit_same_dim(nm_unit a, nm_unit b)
{
    for (int i = 0; i < NM_NDIM; i++)
        if (a.num[i] != b.num[i] || (a.num[i] != 0 && a.den[i] != b.den[i])) return false;
    return true;
}

bool nm_unit_equal(nm_unit a, nm_unit b)
{
    return nm_unit_same_dim(a, b) && close_rel(a.scale, b.scale, 1e-12);
}

double nm_unit_factor(nm_unit from, nm_unit to)
{
    if (!nm_unit_same_dim(from, to)) return NAN;
    return snap10(from.scale / to.scale);
}

/* ---- canonical units ---------------------------------------------------------- */

/* log10 of the canonical unit of each base dimension. Time ms, current pA and
 * length/temperature/amount/luminosity SI fix the system; mass follows from
 * requiring voltage in mV (kg = V*A*s**3/m**2 -> 1e-3*1e-12*1e-9 = 1e-24 kg).
 * Being a homomorphism, the product of canonical values is canonical. */
static const int CANON_LOG10[NM_NDIM] = {0, -24, -3, -12, 0, 0, 0};

nm_unit nm_unit_canonical(nm_unit a)
{
    if (!nm_unit_ok(a)) return invalid_unit();
    nm_unit c = a;
    double e = 0;
    bool integral = true;
    for (int i = 0; i < NM_NDIM; i++) {
        if (a.den[i] != 1) integral = false;
        e += (double)a.num[i] * CANON_LOG10[i] / a.den[i];
    }
    c.scale = integral && fabs(e) < 300 ? pow10_exact((int)e) : pow(10.0, e);
    if (!nm_unit_ok(c)) return invalid_unit();
    return c;
}

double nm_unit_to_canonical(nm_unit a)
{
    return nm_unit_factor(a, nm_unit_canonical(a));
}

/* ---- exact decimal exponents -------------------------------------------------- */

bool nm_rational_parse(const char *text, int32_t *num, int32_t *den)
{
    int64_t n = 0, d = 1;
    const char *p = text;
    bool digits = false;
    for (; *p >= '0' && *p <= '9'; p++, digits = true)
        if ((n = n * 10 + (*p - '0')) > INT32_MAX) return false;
    if (*p == '.') {
        for (p++; *p >= '0' && *p <= '9'; p++, digits = true) {
            if ((n = n * 10 + (*p - '0')) > INT32_MAX || (d *= 10) > INT32_MAX) return false;
        }
    }
    if (!digits) return false;
    if (*p == 'e' || *p == 'E') {
        p++;
        int sign = 1, x = 0;
        if (*p == '+' || *p == '-') sign = *p++ == '-' ? -1 : 1;
        if (!(*p >= '0' && *p <= '9')) return false;
        for (; *p >= '0' && *p <= '9'; p++)
            if ((x = x * 10 + (*p - '0')) > 18) return false;
        for (int i = 0; i < x; i++) {
            if (sign > 0) n *= 10;
            else d *= 10;
            if (n > INT32_MAX * 100LL || d > INT32_MAX * 100LL) return false;
        }
    }
    if (*p != '\0') return false;
    return rat_make(n, d, num, den);
}

/* ---- formatting --------------------------------------------------------------- */

/* snprintf-style appender: counts what would be written, never overruns. */
typedef struct sbuf {
    char *buf;
    size_t n, len;
} sbuf;

static void sb_printf(sbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(sbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t room = sb->len < sb->n ? sb->n - sb->len : 0;
    int w = vsnprintf(room ? sb->buf + sb->len : NULL, room, fmt, ap);
    va_end(ap);
    if (w > 0) sb->len += (size_t)w;
}

/* Shortest %g rendering that reads back to the same double. */
static void sb_number(sbuf *sb, double x)
{
    char tmp[40];
    for (int prec = 6; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*g", prec, x);
        if (strtod(tmp, NULL) == x) break;
    }
    sb_printf(sb, "%s", tmp);
}

/* Exponent after "**": integer, terminating decimal ("0.5", "1.5") or "(1/3)". */
static void sb_exponent(sbuf *sb, int32_t num, int32_t den)
{
    if (den == 1) {
        sb_printf(sb, "%d", num);
        return;
    }
    int32_t d = den;
    while (d % 2 == 0) d /= 2;
    while (d % 5 == 0) d /= 5;
    if (d == 1 && den <= 10000) sb_number(sb, (double)num / den);
    else sb_printf(sb, "(%d/%d)", num, den);
}

/* Units a formatted name is built from, in order of preference, with the
 * decimal exponent of the prefix the canonical system uses for them (NONE: no
 * preferred prefix). CORE units combine freely; EXTRA named units are used
 * alone, exponent 1, when nothing from CORE reads naturally (so "J" but never
 * "1/MH" for nS/ms). C, Hz and the like are left out on purpose: "pA*s" and
 * "1/ms" read better in neuron models. Dimensions are spelled out (m kg s A K
 * mol cd) so formatting needs no name lookups. */
#define NONE 99

typedef struct fmt_unit {
    const char *name;
    int canon_exp10;
    int8_t e[NM_NDIM];
    double scale;
} fmt_unit;

static const fmt_unit CORE[] = {
    {"V", -3, {2, 1, -3, -1, 0, 0, 0}, 1.0},   {"A", -12, {0, 0, 0, 1, 0, 0, 0}, 1.0},
    {"S", -9, {-2, -1, 3, 2, 0, 0, 0}, 1.0},   {"F", -12, {-2, -1, 4, 2, 0, 0, 0}, 1.0},
    {"Ohm", 9, {2, 1, -3, -2, 0, 0, 0}, 1.0},  {"s", -3, {0, 0, 1, 0, 0, 0, 0}, 1.0},
    {"m", NONE, {1, 0, 0, 0, 0, 0, 0}, 1.0},   {"g", NONE, {0, 1, 0, 0, 0, 0, 0}, 1e-3},
    {"mol", NONE, {0, 0, 0, 0, 0, 1, 0}, 1.0}, {"K", NONE, {0, 0, 0, 0, 1, 0, 0}, 1.0},
    {"cd", NONE, {0, 0, 0, 0, 0, 0, 1}, 1.0},
};
#define N_CORE (sizeof CORE / sizeof CORE[0])
#define CORE_V 0
#define CORE_S 5

static const fmt_unit EXTRA[] = {
    {"N", NONE, {1, 1, -2, 0, 0, 0, 0}, 1.0},  {"J", NONE, {2, 1, -2, 0, 0, 0, 0}, 1.0},
    {"W", NONE, {2, 1, -3, 0, 0, 0, 0}, 1.0},  {"Pa", NONE, {-1, 1, -2, 0, 0, 0, 0}, 1.0},
    {"T", NONE, {0, 1, -2, -1, 0, 0, 0}, 1.0}, {"Wb", NONE, {2, 1, -2, -1, 0, 0, 0}, 1.0},
    {"H", NONE, {2, 1, -2, -2, 0, 0, 0}, 1.0},
};
#define N_EXTRA (sizeof EXTRA / sizeof EXTRA[0])

/* Positive exponents tried, simplest first. */
static const int32_t FMT_EXPS[][2] = {{1, 1}, {2, 1}, {3, 1}, {1, 2}, {3, 2}, {4, 1}, {1, 3}};
#define N_EXPS (sizeof FMT_EXPS / sizeof FMT_EXPS[0])

static nm_unit fmt_base(const fmt_unit *f) { return unit_int(f->e, f->scale); }

/* Text of the prefix with decimal exponent k ("" for 0). */
static const char *prefix_text(int k)
{
    for (size_t i = 0; i < N_PREFIXES; i++)
        if (PREFIXES[i].exp10 == k) return PREFIXES[i].p;
    return "";
}

/* If x is 10^k for k = 0 or a prefix exponent, sets *k. */
static bool prefix_for(double x, int *k)
{
    if (!(x > 0) || !isfinite(x)) return false;
    double l = log10(x), r = round(l);
    if (fabs(l - r) > 1e-9 || fabs(r) > 24) return false;
    *k = (int)r;
    if (*k == 0) return true;
    for (size_t i = 0; i < N_PREFIXES; i++)
        if (PREFIXES[i].exp10 == *k) return true;
    return false;
}

/* Preferred prefixes (canonical or none) are tried first. */
static bool preferred(const fmt_unit *f, int k) { return k == 0 || k == f->canon_exp10; }

/* Prefix candidate j of a unit in order of preference: canonical, none, then
 * the table. False past the end or for a repeat. */
static bool cand_exp10(const fmt_unit *f, size_t j, int *k)
{
    if (j == 0) {
        *k = f->canon_exp10;
        return f->canon_exp10 != NONE;
    }
    if (j == 1) {
        *k = 0;
        return true;
    }
    if (j - 2 >= N_PREFIXES) return false;
    *k = PREFIXES[j - 2].exp10;
    return *k != f->canon_exp10;
}
#define N_CAND (2 + N_PREFIXES)

/* One term "pU**e" (e > 0). */
static void sb_term(sbuf *sb, int k, const char *name, const int32_t e[2])
{
    sb_printf(sb, "%s%s", prefix_text(k), name);
    if (e[0] != 1 || e[1] != 1) {
        sb_printf(sb, "**");
        sb_exponent(sb, e[0], e[1]);
    }
}

/* Exponents of the unit being formatted as doubles, for cheap screening:
 * formatting runs for every node of an AST dump, and almost every candidate
 * name is rejected by its dimension. Matches are confirmed exactly. */
typedef struct fmt_ctx {
    nm_unit u;
    double d[NM_NDIM];
} fmt_ctx;

/* If r (as doubles) is q times the dimension of f, for q = ±one of
 * FMT_EXPS, returns the index of |q| in FMT_EXPS and sets *sign; else -1. */
static int proportional(const double r[NM_NDIM], const fmt_unit *f, int *sign)
{
    int k = 0;
    while (k < NM_NDIM && f->e[k] == 0) k++;
    if (k == NM_NDIM) return -1;
    double q = r[k] / f->e[k];
    for (int j = 0; j < NM_NDIM; j++)
        if (fabs(r[j] - q * f->e[j]) > 1e-12) return -1;
    *sign = q < 0 ? -1 : 1;
    for (size_t i = 0; i < N_EXPS; i++)
        if (fabs(fabs(q) - (double)FMT_EXPS[i][0] / FMT_EXPS[i][1]) < 1e-12) return (int)i;
    return -1;
}

/* Exact check that U1**(x1) * U2**(x2) has the dimension of u. */
static bool exact_dims(nm_unit u, const fmt_unit *f1, int s1, const int32_t e1[2],
                       const fmt_unit *f2, int s2, const int32_t e2[2])
{
    nm_unit t1, t2 = nm_unit_one();
    if (!nm_unit_pow(fmt_base(f1), s1 * e1[0], e1[1], &t1)) return false;
    if (f2 != NULL && !nm_unit_pow(fmt_base(f2), s2 * e2[0], e2[1], &t2)) return false;
    return nm_unit_same_dim(nm_unit_mul(t1, t2), u);
}

/* u == U**(sign*e) for U = f? Returns the index of e in FMT_EXPS (-1: no)
 * and the prefix exponent: (10^k * s_U)^(±e) = s_u fixes it. */
static int single_match(const fmt_ctx *c, const fmt_unit *f, int *sign, int *k)
{
    int ei = proportional(c->d, f, sign);
    if (ei < 0) return -1;
    const int32_t *e = FMT_EXPS[ei];
    if (!prefix_for(pow(c->u.scale, 1.0 / (*sign * (double)e[0] / e[1])) / f->scale, k)) return -1;
    return exact_dims(c->u, f, *sign, e, NULL, 0, NULL) ? ei : -1;
}

/* Search phase of a prefix pair: 0 = both preferred, 1 = only the second,
 * 2 = only the first, 3 = neither, so "nS/ms" beats "pS/us" and "uS**2/ms"
 * beats "pS**2/fs". */
static int pair_phase(bool p1, bool p2) { return p1 && p2 ? 0 : p2 ? 1 : p1 ? 2 : 3; }

/* u == U1**(sign1*e1) * U2**(±e2)? Prints "pU1*qU2", "pU1/qU2" (with
 * exponents where not 1) or, for sign1 < 0, "1/(pU1*qU2)". With only_unit,
 * e2 must be 1. For each prefix of U1 the prefix of U2 follows from the
 * scale; the best pair by (phase, order of U1's candidates) wins. */
static bool try_pair(sbuf *sb, const fmt_ctx *c, const fmt_unit *f1, const int32_t e1[2], int sign1,
                     const fmt_unit *f2, bool only_unit)
{
    const double x1 = sign1 * (double)e1[0] / e1[1];
    double r[NM_NDIM];
    for (int j = 0; j < NM_NDIM; j++) r[j] = c->d[j] - x1 * f1->e[j];
    int sign;
    int ei = proportional(r, f2, &sign);
    if (ei < 0 || (only_unit && ei != 0) || (sign1 < 0 && sign > 0)) return false;
    const int32_t *e2 = FMT_EXPS[ei];
    if (!exact_dims(c->u, f1, sign1, e1, f2, sign, e2)) return false;
    const double x2 = sign * (double)e2[0] / e2[1];
    int best = 4, best_k1 = 0, best_k2 = 0;
    for (size_t j = 0; j < N_CAND; j++) {
        int k1, k2;
        if (!cand_exp10(f1, j, &k1)) continue;
        double rest = c->u.scale / pow(pow10_exact(k1) * f1->scale, x1);
        if (!prefix_for(pow(rest, 1.0 / x2) / f2->scale, &k2)) continue;
        int ph = pair_phase(preferred(f1, k1), preferred(f2, k2));
        if (ph < best) {
            best = ph;
            best_k1 = k1;
            best_k2 = k2;
        }
    }
    if (best == 4) return false;
    sb_printf(sb, "%s", sign1 < 0 ? "1/(" : "");
    sb_term(sb, best_k1, f1->name, e1);
    sb_printf(sb, "%s", sign > 0 || sign1 < 0 ? "*" : "/");
    sb_term(sb, best_k2, f2->name, e2);
    sb_printf(sb, "%s", sign1 < 0 ? ")" : "");
    return true;
}

/* One named unit alone: among `units`, the match with the simplest exponent,
 * positive before negative, earliest in the table ("GOhm", not "1/nS"). */
static bool format_single(sbuf *sb, const fmt_ctx *c, const fmt_unit *units, size_t n, bool only_unit)
{
    int best = -1, best_i = 0, best_k = 0, best_sign = 1;
    for (size_t i = 0; i < n; i++) {
        int sign, k;
        int ei = single_match(c, &units[i], &sign, &k);
        if (ei < 0 || (only_unit && (ei != 0 || sign < 0))) continue;
        int rank = 2 * ei + (sign < 0);
        if (best < 0 || rank < best) {
            best = rank;
            best_i = (int)i;
            best_k = k;
            best_sign = sign;
        }
    }
    if (best < 0) return false;
    if (best_sign < 0) sb_printf(sb, "1/");
    sb_term(sb, best_k, units[best_i].name, FMT_EXPS[best / 2]);
    return true;
}

/* Neuroscience composites first: X/ms, X*ms, X/mV, X*mV, 1/(X*ms) ... */
static bool format_neuro_pair(sbuf *sb, const fmt_ctx *c)
{
    static const int second[] = {CORE_S, CORE_V};
    for (size_t jj = 0; jj < 2; jj++)
        for (int sign1 = 1; sign1 >= -1; sign1 -= 2)
            for (size_t i = 0; i < N_CORE; i++)
                if ((int)i != second[jj] &&
                    try_pair(sb, c, &CORE[i], FMT_EXPS[0], sign1, &CORE[second[jj]], true))
                    return true;
    return false;
}

static bool format_named(sbuf *sb, nm_unit u)
{
    fmt_ctx c = {u, {0}};
    for (int j = 0; j < NM_NDIM; j++) c.d[j] = (double)u.num[j] / u.den[j];
    if (format_single(sb, &c, CORE, N_CORE, false)) return true;
    if (format_neuro_pair(sb, &c)) return true;
    if (format_single(sb, &c, EXTRA, N_EXTRA, true)) return true;
    for (size_t e1 = 0; e1 < N_EXPS; e1++)
        for (size_t i = 0; i < N_CORE; i++)
            for (size_t j = 0; j < N_CORE; j++)
                if (i != j && try_pair(sb, &c, &CORE[i], FMT_EXPS[e1], 1, &CORE[j], false))
                    return true;
    return false;
}

/* Fallback: "[scale ]m**a*kg/(s**3*A)" over the SI base units. */
static void format_si(sbuf *sb, nm_unit u)
{
    static const char *base[NM_NDIM] = {"m", "kg", "s", "A", "K", "mol", "cd"};
    if (u.scale != 1.0) {
        sb_number(sb, u.scale);
        sb_printf(sb, " ");
    }
    int n_num = 0, n_den = 0;
    for (int i = 0; i < NM_NDIM; i++) {
        if (u.num[i] > 0) n_num++;
        if (u.num[i] < 0) n_den++;
    }
    if (n_num == 0) sb_printf(sb, "1");
    for (int pass = 0; pass < 2; pass++) {
        int written = 0, count = pass == 0 ? n_num : n_den;
        if (pass == 1 && count == 0) break;
        if (pass == 1) sb_printf(sb, count > 1 ? "/(" : "/");
        for (int i = 0; i < NM_NDIM; i++) {
            int32_t n = pass == 0 ? u.num[i] : -u.num[i];
            if (n <= 0) continue;
            if (written++) sb_printf(sb, "*");
            int32_t e[2] = {n, u.den[i]};
            sb_term(sb, 0, base[i], e);
        }
        if (pass == 1 && count > 1) sb_printf(sb, ")");
    }
}

size_t nm_unit_format(nm_unit a, char *buf, size_t n)
{
    sbuf sb = {buf, n, 0};
    if (n > 0) buf[0] = '\0';
    if (!nm_unit_ok(a)) sb_printf(&sb, "<invalid unit>");
    else if (nm_unit_is_dimensionless(a)) {
        if (a.scale == 1.0) sb_printf(&sb, "1");
        else sb_number(&sb, a.scale);
    } else if (!format_named(&sb, a)) {
        format_si(&sb, a);
    }
    return sb.len;
}
