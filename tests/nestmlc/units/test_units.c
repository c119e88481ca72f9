/* Tests of nestmlc/units.c: lookup of every named unit with prefixes, rational
 * powers, algebra, conversion factors, canonical units and formatting. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "units.h"

/* Exponents of a unit as integers (all tests here use integral ones unless
 * they check den explicitly). Order: m kg s A K mol cd. */
static void expect_dims(nm_unit u, const int e[7], const char *what)
{
    for (int i = 0; i < NM_NDIM; i++) {
        cr_expect_eq(u.num[i], e[i], "%s: exponent %d is %d/%d, expected %d", what, i, u.num[i],
                     u.den[i], e[i]);
        cr_expect_eq(u.den[i], 1, "%s: den %d is %d", what, i, u.den[i]);
    }
}

static bool rel_eq(double a, double b) { return fabs(a - b) <= 1e-12 * fmax(fabs(a), fabs(b)); }

static nm_unit U(const char *name)
{
    nm_unit u;
    cr_assert(nm_unit_lookup(name, &u), "lookup of '%s' failed", name);
    return u;
}

static const char *F(nm_unit u, char *buf, size_t n)
{
    nm_unit_format(u, buf, n);
    return buf;
}

typedef struct named_case {
    const char *name;
    int e[7];
    double scale;
} named_case;

/* Every SI base and derived unit, and the non-SI units we accept. */
static const named_case NAMED[] = {
    {"m", {1, 0, 0, 0, 0, 0, 0}, 1},       {"g", {0, 1, 0, 0, 0, 0, 0}, 1e-3},
    {"kg", {0, 1, 0, 0, 0, 0, 0}, 1},      {"s", {0, 0, 1, 0, 0, 0, 0}, 1},
    {"A", {0, 0, 0, 1, 0, 0, 0}, 1},       {"K", {0, 0, 0, 0, 1, 0, 0}, 1},
    {"mol", {0, 0, 0, 0, 0, 1, 0}, 1},     {"cd", {0, 0, 0, 0, 0, 0, 1}, 1},
    {"rad", {0, 0, 0, 0, 0, 0, 0}, 1},     {"sr", {0, 0, 0, 0, 0, 0, 0}, 1},
    {"Hz", {0, 0, -1, 0, 0, 0, 0}, 1},     {"N", {1, 1, -2, 0, 0, 0, 0}, 1},
    {"Pa", {-1, 1, -2, 0, 0, 0, 0}, 1},    {"J", {2, 1, -2, 0, 0, 0, 0}, 1},
    {"W", {2, 1, -3, 0, 0, 0, 0}, 1},      {"C", {0, 0, 1, 1, 0, 0, 0}, 1},
    {"V", {2, 1, -3, -1, 0, 0, 0}, 1},     {"F", {-2, -1, 4, 2, 0, 0, 0}, 1},
    {"Ohm", {2, 1, -3, -2, 0, 0, 0}, 1},   {"ohm", {2, 1, -3, -2, 0, 0, 0}, 1},
    {"S", {-2, -1, 3, 2, 0, 0, 0}, 1},     {"Wb", {2, 1, -2, -1, 0, 0, 0}, 1},
    {"T", {0, 1, -2, -1, 0, 0, 0}, 1},     {"H", {2, 1, -2, -2, 0, 0, 0}, 1},
    {"lm", {0, 0, 0, 0, 0, 0, 1}, 1},      {"lx", {-2, 0, 0, 0, 0, 0, 1}, 1},
    {"Bq", {0, 0, -1, 0, 0, 0, 0}, 1},     {"Gy", {2, 0, -2, 0, 0, 0, 0}, 1},
    {"Sv", {2, 0, -2, 0, 0, 0, 0}, 1},     {"kat", {0, 0, -1, 0, 0, 1, 0}, 1},
    {"L", {3, 0, 0, 0, 0, 0, 0}, 1e-3},    {"l", {3, 0, 0, 0, 0, 0, 0}, 1e-3},
    {"M", {-3, 0, 0, 0, 0, 1, 0}, 1e3},
    {"deg", {0, 0, 0, 0, 0, 0, 0}, 0.017453292519943295},
};

static const struct {
    const char *p;
    double f;
} PREFIX[] = {
    {"y", 1e-24}, {"z", 1e-21}, {"a", 1e-18}, {"f", 1e-15}, {"p", 1e-12}, {"n", 1e-9}, {"u", 1e-6},
    {"m", 1e-3},  {"c", 1e-2},  {"d", 1e-1},  {"da", 1e1},  {"h", 1e2},   {"k", 1e3},  {"M", 1e6},
    {"G", 1e9},   {"T", 1e12},  {"P", 1e15},  {"E", 1e18},  {"Z", 1e21},  {"Y", 1e24},
};

Test(units, every_named_unit_unprefixed)
{
    for (size_t i = 0; i < sizeof NAMED / sizeof NAMED[0]; i++) {
        nm_unit u = U(NAMED[i].name);
        expect_dims(u, NAMED[i].e, NAMED[i].name);
        cr_expect(rel_eq(u.scale, NAMED[i].scale), "%s scale %g", NAMED[i].name, u.scale);
    }
}

Test(units, every_named_unit_with_every_prefix)
{
    for (size_t i = 0; i < sizeof NAMED / sizeof NAMED[0]; i++) {
        /* kg: tested in no_prefix_on_kg; deg takes no prefix (tested below) */
        if (strcmp(NAMED[i].name, "kg") == 0 || strcmp(NAMED[i].name, "deg") == 0) continue;
        for (size_t k = 0; k < sizeof PREFIX / sizeof PREFIX[0]; k++) {
            char name[16];
            snprintf(name, sizeof name, "%s%s", PREFIX[k].p, NAMED[i].name);
            nm_unit u = U(name);
            expect_dims(u, NAMED[i].e, name);
            cr_expect(rel_eq(u.scale, NAMED[i].scale * PREFIX[k].f), "%s scale %g", name, u.scale);
        }
    }
}

Test(units, case_sensitive_and_exact_names_win)
{
    char buf[64];
    cr_expect(rel_eq(U("Pa").scale, 1.0));
    cr_expect_eq(U("Pa").num[NM_DIM_KG], 1, "Pa is pascal");
    cr_expect(rel_eq(U("pA").scale, 1e-12));
    cr_expect_eq(U("pA").num[NM_DIM_A], 1, "pA is picoampere");
    cr_expect(rel_eq(U("PA").scale, 1e15), "PA is petaampere");
    cr_expect_eq(U("ms").num[NM_DIM_S], 1);
    cr_expect(rel_eq(U("ms").scale, 1e-3));
    cr_expect_eq(U("mS").num[NM_DIM_S], 3, "mS is millisiemens");
    cr_expect(rel_eq(U("mS").scale, 1e-3));
    cr_expect(rel_eq(U("ns").scale, 1e-9));
    cr_expect_eq(U("ns").num[NM_DIM_S], 1, "ns is nanosecond");
    cr_expect_eq(U("cd").num[NM_DIM_CD], 1, "cd is candela");
    cr_expect_eq(U("mM").num[NM_DIM_MOL], 1, "mM is millimolar");
    cr_expect_eq(U("Mm").num[NM_DIM_M], 1, "Mm is megametre");
    cr_expect(rel_eq(U("Mm").scale, 1e6));
    cr_expect(rel_eq(U("mM").scale, 1.0), "1 mM = 1 mol/m**3");
    cr_expect_str_eq(F(U("GOhm"), buf, sizeof buf), "GOhm");
    cr_expect_str_eq(F(U("MOhm"), buf, sizeof buf), "MOhm");
}

Test(units, unknown_names)
{
    static const char *bad[] = {"",   "min", "h",  "d",   "a",    "t",   "yr",  "k",  "da",
                                "mkg", "pa", "G",  "sec", "mmin", "Ohms", "uu s", "mm s", "ms2",
                                "MV ", " mV", "Kms", "hz",  "OHM"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        nm_unit u = nm_unit_one();
        cr_expect(!nm_unit_lookup(bad[i], &u), "'%s' must not be a unit", bad[i]);
    }
    nm_unit u;
    cr_expect(!nm_unit_lookup(NULL, &u));
}

Test(units, no_prefix_on_kg)
{
    nm_unit u;
    cr_expect(!nm_unit_lookup("mkg", &u));
    cr_expect(!nm_unit_lookup("mdeg", &u), "deg takes no prefix");
    cr_expect(rel_eq(nm_unit_factor(U("deg"), U("rad")), M_PI / 180), "deg -> rad");
    cr_expect_eq(U("kg").scale, 1.0, "kg is exactly the SI mass unit");
    cr_expect(rel_eq(U("mg").scale, 1e-6));
}

Test(units, one_is_dimensionless)
{
    nm_unit one = nm_unit_one();
    cr_expect(nm_unit_is_dimensionless(one));
    cr_expect_eq(one.scale, 1.0);
    cr_expect(nm_unit_ok(one));
    cr_expect(nm_unit_is_dimensionless(U("rad")));
    cr_expect(!nm_unit_is_dimensionless(U("ms")));
}

Test(units, mul_div_algebra)
{
    nm_unit v = nm_unit_mul(U("nS"), U("mV"));
    cr_expect(nm_unit_equal(v, U("pA")), "nS*mV = pA");
    cr_expect(nm_unit_equal(nm_unit_div(U("mV"), U("GOhm")), U("pA")), "mV/GOhm = pA");
    cr_expect(nm_unit_equal(nm_unit_div(U("s"), U("nF")), U("GOhm")), "s/nF = GOhm");
    cr_expect(nm_unit_equal(nm_unit_mul(U("pF"), nm_unit_div(U("mV"), U("ms"))), U("pA")),
              "pF*mV/ms = pA");
    cr_expect(nm_unit_equal(nm_unit_div(nm_unit_one(), U("ms")), U("kHz")), "1/ms = kHz");
    nm_unit d = nm_unit_div(U("ms"), U("s"));
    cr_expect(nm_unit_is_dimensionless(d));
    cr_expect_eq(d.scale, 1e-3, "ms/s scale is exactly 1e-3, got %.17g", d.scale);
    nm_unit x = nm_unit_div(U("mV"), U("mV"));
    cr_expect(nm_unit_is_dimensionless(x));
    cr_expect_eq(x.scale, 1.0);
    /* ms * ms drifts by an ulp without snapping: exactly 1e-6 expected. */
    cr_expect_eq(nm_unit_mul(U("ms"), U("ms")).scale, 1e-6);
}

Test(units, rational_powers)
{
    nm_unit r;
    cr_assert(nm_unit_pow(U("ms"), -1, 1, &r));
    cr_expect_eq(r.num[NM_DIM_S], -1);
    cr_expect_eq(r.den[NM_DIM_S], 1);
    cr_expect_eq(r.scale, 1e3);

    cr_assert(nm_unit_pow(U("ns"), 1, 2, &r)); /* ns**0.5 */
    cr_expect_eq(r.num[NM_DIM_S], 1);
    cr_expect_eq(r.den[NM_DIM_S], 2);
    cr_expect(rel_eq(r.scale, sqrt(1e-9)));

    cr_assert(nm_unit_pow(U("mV"), -1, 2, &r)); /* mV**-(1/2) */
    cr_expect_eq(r.num[NM_DIM_M], -1);
    cr_expect_eq(r.den[NM_DIM_M], 1, "m exponent 2 * -1/2 = -1");
    cr_expect_eq(r.num[NM_DIM_S], 3);
    cr_expect_eq(r.den[NM_DIM_S], 2, "s exponent -3 * -1/2 = 3/2");
    cr_expect_eq(r.num[NM_DIM_A], 1);
    cr_expect_eq(r.den[NM_DIM_A], 2);

    /* Negative denominator normalised, fraction reduced: ms**(2/-4) = ms**(-1/2). */
    cr_assert(nm_unit_pow(U("ms"), 2, -4, &r));
    cr_expect_eq(r.num[NM_DIM_S], -1);
    cr_expect_eq(r.den[NM_DIM_S], 2);

    /* Squaring a square root gives back the unit exactly. */
    nm_unit q;
    cr_assert(nm_unit_pow(U("uS"), 1, 2, &r));
    q = nm_unit_mul(r, r);
    cr_expect(nm_unit_same_dim(q, U("uS")));
    cr_expect(rel_eq(q.scale, 1e-6));

    /* Power 0 is dimensionless. */
    cr_assert(nm_unit_pow(U("GOhm"), 0, 1, &r));
    cr_expect(nm_unit_is_dimensionless(r));
    cr_expect_eq(r.scale, 1.0);
}

Test(units, pow_overflow_and_bad_input)
{
    nm_unit r;
    cr_expect(!nm_unit_pow(U("ms"), 1, 0, &r), "zero denominator");
    cr_expect(!nm_unit_pow(U("V"), INT32_MAX, 1, &r), "exponent overflow (V has m**2)");
    cr_expect(!nm_unit_pow(U("YOhm"), 1000, 1, &r), "scale overflow");
    cr_expect(!nm_unit_pow(U("yOhm"), 1000, 1, &r), "scale underflow");
    cr_assert(nm_unit_pow(U("s"), 1, INT32_MAX, &r), "tiny exponent is fine");
    cr_expect_eq(r.den[NM_DIM_S], INT32_MAX);
    /* Sum of two exponents with huge coprime denominators overflows: NaN scale. */
    nm_unit a, b;
    cr_assert(nm_unit_pow(U("s"), 1, INT32_MAX, &a));
    cr_assert(nm_unit_pow(U("s"), 1, INT32_MAX - 1, &b));
    cr_expect(!nm_unit_ok(nm_unit_mul(a, b)));
    cr_expect(!nm_unit_ok(nm_unit_mul(nm_unit_mul(a, b), U("ms"))), "invalid stays invalid");
    char buf[32];
    cr_expect_str_eq(F(nm_unit_mul(a, b), buf, sizeof buf), "<invalid unit>");
}

Test(units, same_dim)
{
    cr_expect(nm_unit_same_dim(U("mV"), U("V")));
    cr_expect(nm_unit_same_dim(U("Hz"), U("Bq")));
    cr_expect(nm_unit_same_dim(U("uS"), nm_unit_div(nm_unit_one(), U("MOhm"))));
    cr_expect(!nm_unit_same_dim(U("mV"), U("mA")));
    cr_expect(!nm_unit_same_dim(U("ms"), U("mS")));
    nm_unit r;
    cr_assert(nm_unit_pow(U("s"), 2, 4, &r));
    nm_unit q;
    cr_assert(nm_unit_pow(U("ms"), 1, 2, &q));
    cr_expect(nm_unit_same_dim(r, q), "2/4 reduced to 1/2");
}

Test(units, conversion_factors)
{
    cr_expect_eq(nm_unit_factor(U("mV"), U("V")), 1e-3);
    cr_expect_eq(nm_unit_factor(U("V"), U("mV")), 1e3);
    cr_expect_eq(nm_unit_factor(U("uS"), U("nS")), 1000.0);
    cr_expect_eq(nm_unit_factor(U("s"), U("ms")), 1000.0);
    cr_expect_eq(nm_unit_factor(U("ms"), U("s")), 1e-3);
    cr_expect_eq(nm_unit_factor(U("nA"), U("pA")), 1000.0);
    cr_expect_eq(nm_unit_factor(U("MOhm"), U("GOhm")), 1e-3);
    cr_expect_eq(nm_unit_factor(U("nF"), U("pF")), 1000.0);
    cr_expect_eq(nm_unit_factor(U("Hz"), nm_unit_div(nm_unit_one(), U("ms"))), 1e-3);
    cr_expect_eq(nm_unit_factor(U("mmol"), U("mol")), 1e-3);
    cr_expect_eq(nm_unit_factor(U("L"), U("ml")), 1000.0);
    cr_expect_eq(nm_unit_factor(U("kg"), U("g")), 1000.0);
    cr_expect(isnan(nm_unit_factor(U("mV"), U("ms"))), "different dimensions give NaN");
}

typedef struct canon_case {
    const char *expr; /* built by build() below */
    const char *canon;
    double factor;
} canon_case;

/* Tiny evaluator for "A*B/C" unit strings made of names, '*' and '/'
 * (left to right, no parentheses), so cases read like NESTML types. */
static nm_unit build(const char *expr)
{
    nm_unit acc = nm_unit_one();
    char name[32];
    char op = '*';
    const char *p = expr;
    while (*p) {
        size_t n = strcspn(p, "*/");
        cr_assert(n < sizeof name);
        memcpy(name, p, n);
        name[n] = '\0';
        nm_unit u = strcmp(name, "1") == 0 ? nm_unit_one() : U(name);
        acc = op == '*' ? nm_unit_mul(acc, u) : nm_unit_div(acc, u);
        p += n;
        if (*p) op = *p++;
    }
    return acc;
}

static const canon_case CANON[] = {
    {"s", "ms", 1000},           {"ms", "ms", 1},          {"us", "ms", 1e-3},
    {"V", "mV", 1000},           {"mV", "mV", 1},          {"nA", "pA", 1000},
    {"pA", "pA", 1},             {"uS", "nS", 1000},       {"mS", "nS", 1e6},
    {"nS", "nS", 1},             {"nF", "pF", 1000},       {"uF", "pF", 1e6},
    {"MOhm", "GOhm", 1e-3},      {"Ohm", "GOhm", 1e-9},    {"GOhm", "GOhm", 1},
    {"mV/ms", "mV/ms", 1},       {"V/s", "mV/ms", 1},      {"nS/ms", "nS/ms", 1},
    {"uS/s", "nS/ms", 1},        {"pA/ms", "pA/ms", 1},    {"1/ms", "1/ms", 1},
    {"Hz", "1/ms", 1e-3},        {"1/s", "1/ms", 1e-3},    {"pA*s", "pA*ms", 1000},
    {"s/nF", "GOhm", 1},         {"mmol", "mol", 1e-3},    {"mmol/pA", "mol/pA", 1e-3},
    {"m", "m", 1},               {"um", "m", 1e-6},        {"K", "K", 1},
    {"ms/s", "1", 1e-3},         {"pF/mV/ms", "nS/mV", 1}, {"1/ms/mV", "1/(mV*ms)", 1},
    {"mV*mV", "mV**2", 1},       {"pA/ms/mV", "nS/ms", 1},
};

Test(units, canonical_units_and_factors)
{
    char buf[64];
    for (size_t i = 0; i < sizeof CANON / sizeof CANON[0]; i++) {
        nm_unit u = build(CANON[i].expr);
        nm_unit c = nm_unit_canonical(u);
        cr_expect(nm_unit_same_dim(u, c), "%s: canonical keeps the dimension", CANON[i].expr);
        cr_expect_str_eq(F(c, buf, sizeof buf), CANON[i].canon, "canonical of %s", CANON[i].expr);
        double f = nm_unit_to_canonical(u);
        cr_expect(rel_eq(f, CANON[i].factor), "%s -> %s factor %.17g, expected %g", CANON[i].expr,
                  CANON[i].canon, f, CANON[i].factor);
    }
    /* The common ones are exact, not merely close. */
    cr_expect_eq(nm_unit_to_canonical(U("s")), 1000.0);
    cr_expect_eq(nm_unit_to_canonical(U("uS")), 1000.0);
    cr_expect_eq(nm_unit_to_canonical(U("mV")), 1.0);
    cr_expect_eq(nm_unit_to_canonical(U("Hz")), 1e-3);
}

Test(units, canonical_system_is_coherent)
{
    /* Product of canonical units is canonical: generated code never needs a
     * factor when multiplying canonical values. */
    static const char *names[] = {"s", "V", "A", "S", "F", "Ohm", "m", "kg", "mol", "K", "Hz", "T"};
    size_t n = sizeof names / sizeof names[0];
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            nm_unit ci = nm_unit_canonical(U(names[i])), cj = nm_unit_canonical(U(names[j]));
            nm_unit prod = nm_unit_mul(ci, cj);
            cr_expect(rel_eq(nm_unit_to_canonical(prod), 1.0), "%s*%s", names[i], names[j]);
            cr_expect(rel_eq(nm_unit_to_canonical(nm_unit_div(ci, cj)), 1.0), "%s/%s", names[i],
                      names[j]);
        }
}

typedef struct fmt_case {
    const char *expr;
    const char *text;
} fmt_case;

static const fmt_case FMT[] = {
    {"mV", "mV"},        {"nS", "nS"},         {"GOhm", "GOhm"},       {"ms", "ms"},
    {"pF", "pF"},        {"pA", "pA"},         {"uS", "uS"},           {"mmol", "mmol"},
    {"mV/ms", "mV/ms"},  {"nS/ms", "nS/ms"},   {"pA/ms", "pA/ms"},     {"1/ms", "1/ms"},
    {"pA*s", "pA*s"},    {"Hz", "1/s"},        {"kHz", "1/ms"},        {"s/nF", "GOhm"},
    {"mmol/pA", "mmol/pA"}, {"mV*mV", "mV**2"}, {"1/ms/ms", "1/ms**2"}, {"J", "J"},
    {"N", "N"},          {"Pa", "Pa"},         {"T", "T"},             {"kg", "kg"},
    {"K", "K"},          {"cd", "cd"},         {"mol", "mol"},         {"1/ms/mV", "1/(mV*ms)"},
    {"ms/s", "0.001"},   {"1", "1"},           {"mV/mV", "1"},         {"s/ms", "1000"},
    {"m*m*m", "m**3"},   {"mol/L", "kmol/m**3"},
};

Test(units, formatting)
{
    char buf[64];
    for (size_t i = 0; i < sizeof FMT / sizeof FMT[0]; i++)
        cr_expect_str_eq(F(build(FMT[i].expr), buf, sizeof buf), FMT[i].text, "format of %s",
                         FMT[i].expr);
    nm_unit r;
    cr_assert(nm_unit_pow(U("m"), 1, 2, &r));
    cr_expect_str_eq(F(r, buf, sizeof buf), "m**0.5");
    cr_assert(nm_unit_pow(U("ns"), 1, 2, &r));
    cr_expect_str_eq(F(r, buf, sizeof buf), "ns**0.5");
    cr_assert(nm_unit_pow(U("ms"), -1, 2, &r));
    cr_expect_str_eq(F(r, buf, sizeof buf), "1/ms**0.5");
    cr_assert(nm_unit_pow(U("s"), 1, 3, &r));
    cr_expect_str_eq(F(r, buf, sizeof buf), "s**(1/3)");
    cr_assert(nm_unit_pow(U("uS"), 2, 1, &r));
    cr_expect_str_eq(F(nm_unit_div(r, U("ms")), buf, sizeof buf), "uS**2/ms");
}

Test(units, formatting_fallback_and_truncation)
{
    char buf[64];
    /* No readable name: SI base units with the scale in front. */
    nm_unit r = nm_unit_mul(nm_unit_mul(U("K"), U("mol")), U("cd"));
    cr_expect_str_eq(F(r, buf, sizeof buf), "K*mol*cd");
    nm_unit k = nm_unit_div(nm_unit_mul(U("mK"), U("mol")), nm_unit_mul(U("cd"), U("A")));
    cr_expect_str_eq(F(k, buf, sizeof buf), "0.001 K*mol/(A*cd)");
    /* snprintf-like: returns the full length, never overruns, NUL-terminates. */
    char small[4] = {'x', 'x', 'x', 'x'};
    size_t n = nm_unit_format(U("GOhm"), small, 3);
    cr_expect_eq(n, 4u);
    cr_expect_str_eq(small, "GO");
    cr_expect_eq(small[3], 'x');
    cr_expect_eq(nm_unit_format(U("mV"), NULL, 0), 2u);
}

Test(units, rational_parse)
{
    int32_t n, d;
    cr_assert(nm_rational_parse("2", &n, &d));
    cr_expect(n == 2 && d == 1);
    cr_assert(nm_rational_parse("0.5", &n, &d));
    cr_expect(n == 1 && d == 2);
    cr_assert(nm_rational_parse(".5", &n, &d));
    cr_expect(n == 1 && d == 2);
    cr_assert(nm_rational_parse("1.5e1", &n, &d));
    cr_expect(n == 15 && d == 1);
    cr_assert(nm_rational_parse("25e-2", &n, &d));
    cr_expect(n == 1 && d == 4);
    cr_assert(nm_rational_parse("5.", &n, &d));
    cr_expect(n == 5 && d == 1);
    cr_assert(nm_rational_parse("0", &n, &d));
    cr_expect(n == 0 && d == 1);
    cr_expect(!nm_rational_parse("", &n, &d));
    cr_expect(!nm_rational_parse(".", &n, &d));
    cr_expect(!nm_rational_parse("-1", &n, &d), "sign is a separate token");
    cr_expect(!nm_rational_parse("1e", &n, &d));
    cr_expect(!nm_rational_parse("1x", &n, &d));
    cr_expect(!nm_rational_parse("99999999999", &n, &d));
    cr_expect(!nm_rational_parse("1e99", &n, &d));
    cr_expect(!nm_rational_parse("0.00000000001", &n, &d), "denominator too large");
}

/* Algebraic laws over many unit pairs (deterministic pseudo-random choice):
 * (a*b)/b = a, (a**(p/q))**(q/p) = a, factor(a,b)*factor(b,a) = 1, and
 * formatting any valid unit gives text that is not empty and not truncated. */
Test(units, algebra_properties)
{
    static const char *names[] = {"mV", "nS", "GOhm", "ms", "Hz", "uS", "mmol", "s", "pA", "pF",
                                  "kg", "cd", "K", "mM", "L", "T", "Wb", "J", "um", "Pa"};
    const size_t n = sizeof names / sizeof names[0];
    uint32_t x = 12345;
    char buf[128];
    for (int it = 0; it < 2000; it++) {
        x = x * 1664525u + 1013904223u;
        nm_unit a = U(names[(x >> 8) % n]);
        nm_unit b = U(names[(x >> 16) % n]);
        int32_t p = (int32_t)((x >> 4) % 5) + 1, q = (int32_t)((x >> 12) % 3) + 1;
        nm_unit ab = nm_unit_div(nm_unit_mul(a, b), b), r, back;
        cr_assert(nm_unit_equal(ab, a), "(a*b)/b != a at iteration %d", it);
        cr_assert(nm_unit_pow(a, p, q, &r) && nm_unit_pow(r, q, p, &back));
        cr_assert(nm_unit_same_dim(back, a) && fabs(back.scale / a.scale - 1) < 1e-12,
                  "pow round trip at iteration %d", it);
        if (nm_unit_same_dim(a, b))
            cr_assert(rel_eq(nm_unit_factor(a, b) * nm_unit_factor(b, a), 1.0));
        size_t len = nm_unit_format(nm_unit_mul(r, b), buf, sizeof buf);
        cr_assert(len > 0 && len < sizeof buf, "format length %zu at iteration %d", len, it);
    }
}
