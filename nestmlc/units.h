/* nestmlc/units.h — physical units for the NESTML front end.
 *
 * A unit is a vector of rational exponents over the 7 SI base dimensions
 * (m, kg, s, A, K, mol, cd) plus a scale to SI (mV -> 1e-3 V). Exponents are
 * exact fractions so `ns**0.5` and `**-(1/2)` need no floating point.
 * Invariants of every value these functions return: den[i] > 0, num[i]/den[i]
 * in lowest terms (0 is 0/1), scale finite and > 0 — except that mul/div on
 * absurd inputs may overflow, which they report by a NaN scale
 * (see nm_unit_ok).
 *
 * Known names (case sensitive; "Pa" is pascal, "pA" picoampere, "ms"
 * millisecond, "mS" millisiemens, "ns" nanosecond):
 *   SI base:     m g(kg = k+g) s A K mol cd
 *   SI derived:  rad sr Hz N Pa J W C V F Ohm (alias ohm) S Wb T H lm lx Bq Gy Sv kat
 *   non-SI:      L and l (litre), M (molar = mol/L), deg (pi/180 rad, no prefix)
 * each (but kg and deg) optionally preceded by one SI prefix:
 *   y z a f p n u m c d da h k M G T P E Z Y.
 * An exact name wins over a prefix split ("cd" is candela, "Pa" pascal).
 * Deliberately not units (they are common variable names in models and are
 * not needed by neuron models): min (excluded by NESTML too), h, d, a, t, yr.
 *
 * Canonical units (what generated code stores a value in) form a coherent
 * system: time in ms, current in pA, voltage in mV, length, temperature,
 * amount and luminous intensity in SI. Hence conductance nS, capacitance pF,
 * resistance GOhm, and every composite follows without extra factors
 * (mV/ms, nS/ms, pA/ms, 1/ms, pA*ms, mol/pA ...), so the product of two
 * canonical values is canonical for the product unit. */
#ifndef NM_UNITS_H
#define NM_UNITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { NM_DIM_M, NM_DIM_KG, NM_DIM_S, NM_DIM_A, NM_DIM_K, NM_DIM_MOL, NM_DIM_CD, NM_NDIM };

/* A physical unit: rational exponents over the 7 SI base dimensions (m, kg, s, A, K, mol, cd),
 * stored as numerator/denominator pairs so ns**0.5 and **-(1/2) are exact, and a scale to SI. */
typedef struct nm_unit { int32_t num[7]; int32_t den[7]; double scale; } nm_unit;

nm_unit nm_unit_one(void);                                     /* dimensionless, scale 1 */
bool    nm_unit_lookup(const char *name, nm_unit *out);        /* "mV", "nS", "GOhm", "ms", "Hz", "uS", "mmol", "s" ... with SI prefixes; false if unknown */
nm_unit nm_unit_mul(nm_unit a, nm_unit b);
nm_unit nm_unit_div(nm_unit a, nm_unit b);
bool    nm_unit_pow(nm_unit a, int32_t num, int32_t den, nm_unit *out); /* rational power; false on overflow */
bool    nm_unit_is_dimensionless(nm_unit a);
bool    nm_unit_same_dim(nm_unit a, nm_unit b);
double  nm_unit_factor(nm_unit from, nm_unit to);              /* value_in_to = value_in_from * factor; same_dim required (NaN otherwise) */
nm_unit nm_unit_canonical(nm_unit a);   /* the unit a value of this dimension is stored in by generated code: ms, mV, pA, nS, pF, GOhm for those dimensions; composite dimensions built from them where natural (mV/ms, nS/ms, pA/ms, 1/ms ...); otherwise SI */
double  nm_unit_to_canonical(nm_unit a); /* = nm_unit_factor(a, nm_unit_canonical(a)) */
size_t  nm_unit_format(nm_unit a, char *buf, size_t n); /* readable: "mV", "nS/ms", "1/ms", "pA*s", "m**0.5" — prefer a known named unit when one matches exactly */

/* nm_unit_format works like snprintf: returns the length of the full text
 * (excluding NUL), writes at most n bytes, always NUL-terminates when n > 0.
 * Dimensionless units print as their scale ("1", "0.001"); a composite with
 * no readable name falls back to SI base units, e.g. "0.001 K*mol/(A*cd)".
 * An invalid unit (see nm_unit_ok) prints "<invalid unit>". */

/* --- helpers beyond the contract ------------------------------------------------ */

/* True if `a` satisfies the invariants above (finite positive scale, den > 0).
 * mul/div return a unit with NaN scale when an exponent would overflow int32
 * or the scale over/underflows; callers that build units from untrusted input
 * check this and report "unit exponent out of range". */
bool nm_unit_ok(nm_unit a);

/* True if a and b have the same dimension and scale (relative 1e-12). */
bool nm_unit_equal(nm_unit a, nm_unit b);

/* Parses an unsigned decimal exponent as written after `**` in a unit type
 * ("2", "0.5", ".5", "1.5e1", "25e-2") into an exact fraction num/den in lowest
 * terms. False if the text is not such a number or does not fit int32. The
 * sign is a separate token in NESTML; negate *num yourself. */
bool nm_rational_parse(const char *text, int32_t *num, int32_t *den);

#endif
