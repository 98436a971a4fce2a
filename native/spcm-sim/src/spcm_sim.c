/*
 * libspcm_sim: a simulator of the part of Spectrum's driver library that Conduit uses.
 *
 * "/dev/spcm0" is an M2p.6536 AWG (4 channels, FIFO single replay), "/dev/spcm1" an M2p.5933 digitizer (FIFO gated
 * recording). Both cards opened with the same "world" share a sample clock: the AWG's line X0 (a marker taken from a
 * bit of one channel's samples, as SPCM_X0_MODE selects) drives the digitizer's external trigger input EXT0, and the
 * AWG's channel 0 is wired to the digitizer's channel 0. While the gate is high the digitizer records
 *     gain × (AWG channel 0 code) + tone_amplitude × cos(2π tone_hz n / rate + tone_phase) + noise,
 * n being the AWG frame played since the start, so a receive chain can be tested against a known signal.
 *
 * The simulation advances lazily, on every call, from the wall clock: the AWG plays speed × the sample rate (speed 0:
 * as fast as the data handed to it and the digitizer's free buffer allow). Playing past the data handed to it is an
 * underrun, reported as the driver reports it: M2STAT_DATA_OVERRUN in SPC_M2STATUS and ERR_FIFOHWOVERRUN from the
 * next wait. A digitizer whose buffer the user does not empty in time overruns the same way.
 *
 * Device names take options after a '?': world=NAME (cards of one world are wired together; default "default"),
 * speed, gain, noise (standard deviation in codes), seed, tone_hz, tone_amplitude, tone_phase, underrun_at (an AWG
 * frame at which an underrun is forced) and fail_register (a register whose writes fail with ERR_VALUE).
 *
 * MR signal (phantom=2, or 3 for the 3D phantom): the AWG's channels 1-3 are the x, y and z gradients (15-bit codes,
 * gx_full_scale etc. in Hz/m at code 16383, as pulseq.unroll's gradientFullScale) and channel 0 the RF. The simulator
 * integrates the gradients to k(t), frame by frame, from k = 0 at the last RF sample of each excitation, and adds to
 * the digitizer's channel 0 the signal of a modified Shepp-Logan phantom of width phantom_fov metres (its [-1, 1]) at
 * that k, from the analytic Fourier transforms of its ellipses (2D) or ellipsoids (3D):
 * mr_amplitude × s(k) / s(0) × exp(-t / t2star) on the carrier larmor_hz, with the phase of the RF that excited it
 * (the RF demodulated at the carrier), so that a receiver demodulating at the carrier with the ADC's phase offset sees
 * s(k). Left out: relaxation other than T2* decay of each excitation (no T1, so no inversion contrast; no steady
 * state, no stimulated echoes), slice and slab profiles (the 2D phantom ignores k_z; the 3D one is excited whole),
 * off-resonance and chemical shift, and gradient delays; an RF sample resets k, so k = 0 falls at the end of the RF
 * pulse rather than its centre.
 */
#define _GNU_SOURCE
#include "spcm_sim.h"

#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define EXPORT __attribute__((visibility("default")))
#define MAX_CHANNELS 4

typedef struct world world;

typedef struct card {
    int ao;
    world* w;
    int64_t samplerate, loops, segmentsize, outbuf, pretrigger, posttrigger;
    int32_t chenable, cardmode, timeout_ms, ormask, andmask, ext0mode, trigterm, clockmode, clockout;
    int32_t amp[MAX_CHANNELS], enableout[MAX_CHANNELS], xmode[4];
    uint8_t* buf;
    uint8_t* onboard;  /* AWG: the on-board FIFO the DMA fills and the card plays from */
    uint64_t len;
    uint32_t notify;
    int defined, running, triggered, dma;
    uint64_t user;     /* AWG: bytes the user has handed to the card; digitizer: bytes the user has taken back */
    uint64_t card;     /* AWG: bytes the card has taken from the buffer; digitizer: bytes the card has written */
    int64_t gates;     /* digitizer: gates recorded */
    int in_gate, finished;
    uint32_t status;   /* sticky status bits (overrun) */
    uint32_t pending;  /* error the next wait returns */
    uint32_t err_code, err_reg;
    int32_t err_value;
    char err_text[ERRORTEXTLEN];
} card;

struct world {
    char name[64];
    pthread_mutex_t lock;
    card* awg;
    card* dig;
    double speed, gain, noise, tone_hz, tone_amplitude, tone_phase;
    /* MR signal: the phantom, the gradients' scales (Hz/m per code), and the state of the current excitation. */
    int phantom;
    double phantom_fov, mr_amplitude, t2star, larmor_hz, grad_scale[3];
    double k[3], since_rf, rf_re, rf_im, rf_phase;
    int rf_quiet;
    int64_t underrun_at;
    int32_t fail_register;
    uint64_t rng;
    int have_spare;
    double spare;
    struct timespec start;
    uint64_t played;
    world* next;
};

static pthread_mutex_t worlds_lock = PTHREAD_MUTEX_INITIALIZER;
static world* worlds;
/* The error of the last failed spcm_hOpen, per thread: two stages may open cards at once. */
static __thread char open_error[ERRORTEXTLEN];
static __thread uint32_t open_error_code;

static uint32_t fail(card* c, uint32_t code, int32_t reg, int32_t value, const char* format, ...)
{
    va_list args;
    va_start(args, format);
    c->err_code = code;
    c->err_reg = (uint32_t)reg;
    c->err_value = value;
    vsnprintf(c->err_text, ERRORTEXTLEN, format, args);
    va_end(args);
    return code;
}

static double seconds_since(const struct timespec* t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) * 1e-9;
}

static int channels(int32_t mask)
{
    return __builtin_popcount((unsigned)mask & 0xF);
}

static double gaussian(world* w)
{
    if (w->have_spare) {
        w->have_spare = 0;
        return w->spare;
    }
    double u, v, s;
    do {
        /* xorshift64* */
        w->rng ^= w->rng >> 12;
        w->rng ^= w->rng << 25;
        w->rng ^= w->rng >> 27;
        u = (double)((w->rng * 2685821657736338717ULL) >> 11) / 9007199254740992.0 * 2 - 1;
        w->rng ^= w->rng >> 12;
        w->rng ^= w->rng << 25;
        w->rng ^= w->rng >> 27;
        v = (double)((w->rng * 2685821657736338717ULL) >> 11) / 9007199254740992.0 * 2 - 1;
        s = u * u + v * v;
    } while (s >= 1 || s == 0);
    double m = sqrt(-2 * log(s) / s);
    w->spare = v * m;
    w->have_spare = 1;
    return u * m;
}

static int16_t clamp16(double v)
{
    v = nearbyint(v);
    return (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
}

static int digitizer_armed(const card* d)
{
    return d && d->running && d->triggered && d->dma && !d->finished && !(d->status & M2STAT_DATA_OVERRUN);
}

static uint64_t play(world* w, card* a, uint64_t fb, uint64_t stop);

/* Moves data from the PC buffer into the AWG's on-board FIFO, as far as the FIFO has room (the DMA). */
static void refill(world* w, card* a, uint64_t fb)
{
    uint64_t room = w->played * fb + (uint64_t)a->outbuf;
    uint64_t target = room < a->user ? room : a->user;
    while (a->card < target) {
        uint64_t from = a->card % a->len, to = a->card % (uint64_t)a->outbuf;
        uint64_t n = target - a->card;
        if (n > a->len - from) n = a->len - from;
        if (n > (uint64_t)a->outbuf - to) n = (uint64_t)a->outbuf - to;
        memcpy(a->onboard + to, a->buf + from, n);
        a->card += n;
    }
}

/* Plays the AWG up to where the clock (or, at speed 0, the data and the digitizer's buffer) allows. Lock held. */
static void advance(world* w)
{
    card* a = w->awg;
    if (!a || !a->dma || !a->onboard) {
        return;
    }
    uint64_t fb = (uint64_t)channels(a->chenable) * 2;
    refill(w, a, fb);
    if (!a->running || !a->triggered || (a->status & M2STAT_DATA_OVERRUN)) {
        return;
    }
    uint64_t target = w->speed > 0 ? (uint64_t)(seconds_since(&w->start) * (double)a->samplerate * w->speed) : UINT64_MAX;
    int forced = 0;
    if (w->underrun_at >= 0 && target > (uint64_t)w->underrun_at) {
        target = (uint64_t)w->underrun_at;
        forced = 1;
    }
    for (;;) {
        uint64_t limit = a->card / fb;
        uint64_t stop = target < limit ? target : limit;
        if (stop <= w->played) {
            break;
        }
        uint64_t before = w->played;
        w->played = play(w, a, fb, stop);
        refill(w, a, fb);
        if (w->played == before || w->played < stop) {
            break;
        }
    }
    uint64_t given = a->user / fb;
    if ((forced && w->played >= (uint64_t)w->underrun_at) || (w->speed > 0 && target > given && w->played >= given)) {
        a->status |= M2STAT_DATA_OVERRUN;
        a->pending = ERR_FIFOHWOVERRUN;
        a->running = 0;
        fail(a, ERR_FIFOHWOVERRUN, SPC_M2CMD, 0, "FIFO underrun: the card replayed all %llu frames it had been given and needed more (frame %llu)",
             (unsigned long long)given, (unsigned long long)w->played);
    }
}

/* Plays frames from the on-board FIFO until stop; returns the frame reached (earlier when, at speed 0, the
 * digitizer's buffer is full). */

/* The modified Shepp-Logan phantom (Toft's densities), as the Recon plugin draws it: density, semi-axes a and b,
 * centre x and y, rotation in degrees; coordinates in [-1, 1]. */
static const double shepp_logan[10][6] = {
    { 1.0, 0.69, 0.92, 0, 0, 0 },
    { -0.8, 0.6624, 0.874, 0, -0.0184, 0 },
    { -0.2, 0.11, 0.31, 0.22, 0, -18 },
    { -0.2, 0.16, 0.41, -0.22, 0, 18 },
    { 0.1, 0.21, 0.25, 0, 0.35, 0 },
    { 0.1, 0.046, 0.046, 0, 0.1, 0 },
    { 0.1, 0.046, 0.046, 0, -0.1, 0 },
    { 0.1, 0.046, 0.023, -0.08, -0.605, 0 },
    { 0.1, 0.023, 0.023, 0, -0.606, 0 },
    { 0.1, 0.023, 0.046, 0.06, -0.605, 0 },
};

/* J1(x)/x, the Bessel function of the first kind of order 1 over its argument (1/2 at 0), from the rational
 * approximations of Abramowitz and Stegun 9.4.4 (|x| <= 3) and 9.4.6 (x > 3), absolute error below 1e-7. */
static double bessel_j1_over_x(double x)
{
    double ax = fabs(x);
    if (ax <= 3) {
        double y = (x / 3) * (x / 3);
        return 0.5 - y * (0.56249985 - y * (0.21093573 - y * (0.03954289 - y * (0.00443319 - y * (0.00031761 - y * 0.00001109)))));
    }
    double y = 3 / ax;
    double f1 = 0.79788456 + y * (0.00000156 + y * (0.01659667 + y * (0.00017105 - y * (0.00249511 - y * (0.00113653 - y * 0.00020033)))));
    double t1 = ax - 2.35619449 + y * (0.12499612 + y * (0.00005650 - y * (0.00637879 - y * (0.00074348 + y * (0.00079824 - y * 0.00029166)))));
    return f1 * cos(t1) / (sqrt(ax) * ax);
}

/* s(k) of the phantom at k (cycles per phantom half-width), summed over its ellipses. An ellipse is the unit disc,
 * whose transform is 2π J1(2πr)/(2πr), scaled by a and b, rotated and shifted: density × a b × 2π J1(2πr)/(2πr) with
 * r = |(a k'x, b k'y)| in the ellipse's own axes, times exp(-2πi k·centre). */
static void phantom_signal(double kx, double ky, double* re, double* im)
{
    double sr = 0, si = 0;
    for (int e = 0; e < 10; e++) {
        const double* p = shepp_logan[e];
        double t = p[5] * M_PI / 180;
        double u = kx * cos(t) + ky * sin(t);
        double v = -kx * sin(t) + ky * cos(t);
        double r = sqrt(p[1] * u * p[1] * u + p[2] * v * p[2] * v);
        double magnitude = p[0] * p[1] * p[2] * 2 * M_PI * bessel_j1_over_x(2 * M_PI * r);
        double phase = -2 * M_PI * (kx * p[3] + ky * p[4]);
        sr += magnitude * cos(phase);
        si += magnitude * sin(phase);
    }
    *re = sr;
    *im = si;
}

/* The 3D modified Shepp-Logan phantom (Schabel's ellipsoids): density, semi-axes a, b, c, centre x, y, z, rotation
 * about z in degrees. Schabel also tilts the two inner ellipsoids 10 degrees about a second axis; that is left out,
 * so every ellipsoid's c axis is z. The z = 0 section is the 2D phantom above. */
static const double shepp_logan_3d[10][8] = {
    { 1.0, 0.69, 0.92, 0.81, 0, 0, 0, 0 },
    { -0.8, 0.6624, 0.874, 0.78, 0, -0.0184, 0, 0 },
    { -0.2, 0.11, 0.31, 0.22, 0.22, 0, 0, -18 },
    { -0.2, 0.16, 0.41, 0.28, -0.22, 0, 0, 18 },
    { 0.1, 0.21, 0.25, 0.41, 0, 0.35, -0.15, 0 },
    { 0.1, 0.046, 0.046, 0.05, 0, 0.1, 0.25, 0 },
    { 0.1, 0.046, 0.046, 0.05, 0, -0.1, 0.25, 0 },
    { 0.1, 0.046, 0.023, 0.05, -0.08, -0.605, 0, 0 },
    { 0.1, 0.023, 0.023, 0.02, 0, -0.606, 0, 0 },
    { 0.1, 0.023, 0.046, 0.02, 0.06, -0.605, 0, 0 },
};

/* (sin x - x cos x) / x^3, a third at 0; its series below 1e-2, where the difference cancels. */
static double ball_profile(double x)
{
    if (fabs(x) < 1e-2) {
        return 1.0 / 3 - x * x / 30;
    }
    return (sin(x) - x * cos(x)) / (x * x * x);
}

/* s(k) of the 3D phantom: the unit ball's transform is 4π (sin x - x cos x)/x^3 at x = 2π|k|; an ellipsoid scales it
 * by a b c at r = |(a k'x, b k'y, c kz)| and shifts it by exp(-2πi k·centre). */
static void phantom_signal_3d(double kx, double ky, double kz, double* re, double* im)
{
    double sr = 0, si = 0;
    for (int e = 0; e < 10; e++) {
        const double* p = shepp_logan_3d[e];
        double t = p[7] * M_PI / 180;
        double u = p[1] * (kx * cos(t) + ky * sin(t));
        double v = p[2] * (-kx * sin(t) + ky * cos(t));
        double w = p[3] * kz;
        double magnitude = p[0] * p[1] * p[2] * p[3] * 4 * M_PI * ball_profile(2 * M_PI * sqrt(u * u + v * v + w * w));
        double phase = -2 * M_PI * (kx * p[4] + ky * p[5] + kz * p[6]);
        sr += magnitude * cos(phase);
        si += magnitude * sin(phase);
    }
    *re = sr;
    *im = si;
}

/* One AWG frame's effect on the magnetisation: an RF sample starts (or continues) an excitation, resetting k and
 * demodulating the RF for its phase; gradient samples move k. */
static void mr_advance(world* w, const int16_t* frame, int awg_channels, uint64_t f, double rate)
{
    if (awg_channels > 0 && frame[0] != 0) {
        double carrier = 2 * M_PI * fmod(w->larmor_hz * (double)f / rate, 1.0);
        if (w->rf_quiet > 8) {
            w->rf_re = w->rf_im = 0; /* a new pulse, not a zero crossing of this one */
        }
        w->rf_quiet = 0;
        w->rf_re += frame[0] * cos(carrier);
        w->rf_im -= frame[0] * sin(carrier);
        w->rf_phase = atan2(w->rf_im, w->rf_re);
        w->k[0] = w->k[1] = w->k[2] = 0;
        w->since_rf = 0;
        return;
    }
    w->rf_quiet++;
    for (int c = 1; c < awg_channels && c <= 3; c++) {
        int code = (int16_t)((uint16_t)frame[c] << 1) >> 1; /* 15-bit two's complement below the marker bit */
        w->k[c - 1] += code * w->grad_scale[c - 1] / rate;
    }
    w->since_rf += 1 / rate;
}

/* The MR signal in codes at frame f: the phantom's s(k) on the carrier, with the exciting RF's phase. */
static double mr_signal(const world* w, uint64_t f, double rate)
{
    double half = w->phantom_fov / 2, re, im, s0, unused;
    if (w->phantom == 3) {
        phantom_signal_3d(w->k[0] * half, w->k[1] * half, w->k[2] * half, &re, &im);
        phantom_signal_3d(0, 0, 0, &s0, &unused);
    } else {
        phantom_signal(w->k[0] * half, w->k[1] * half, &re, &im);
        phantom_signal(0, 0, &s0, &unused);
    }
    double scale = w->mr_amplitude / s0 * (w->t2star > 0 ? exp(-w->since_rf / w->t2star) : 1);
    double turn = 2 * M_PI * fmod(w->larmor_hz * (double)f / rate, 1.0) + w->rf_phase;
    return scale * (re * cos(turn) - im * sin(turn));
}

static uint64_t play(world* w, card* a, uint64_t fb, uint64_t stop)
{
    card* d = w->dig;
    int source = 0, bit = -1;
    if ((a->xmode[0] & SPCM_XMODE_DIGOUT) != 0) {
        for (int c = 0; c < MAX_CHANNELS; c++) {
            if (a->xmode[0] & (SPCM_XMODE_DIGOUTSRC_CH0 << c)) {
                source = c;
            }
        }
        for (int b = 0; b < 4; b++) {
            if (a->xmode[0] & (SPCM_XMODE_DIGOUTSRC_BIT15 << b)) {
                bit = 15 - b;
            }
        }
    }
    int gated = bit >= 0 && d && (d->ormask & SPC_TMASK_EXT0);
    uint64_t rx_fb = d ? (uint64_t)channels(d->chenable) * 2 : 0;
    double omega = 2 * M_PI * w->tone_hz / (double)a->samplerate;
    uint64_t f = w->played;
    if (!gated) {
        return stop;
    }
    int awg_channels = channels(a->chenable);
    double rate = (double)a->samplerate;
    for (; f < stop; f++) {
        const int16_t* frame = (const int16_t*)(a->onboard + (f * fb) % (uint64_t)a->outbuf);
        int gate = (((uint16_t)frame[source]) >> bit) & 1;
        if (w->speed <= 0 && gate && digitizer_armed(d) && d->card - d->user + rx_fb > d->len) {
            break; /* speed 0: the digitizer's reader sets the pace; this frame is played later */
        }
        if (w->phantom) {
            mr_advance(w, frame, awg_channels, f, rate);
        }
        if (!digitizer_armed(d)) {
            continue;
        }
        if (!gate) {
            if (d->in_gate) {
                d->in_gate = 0;
                d->gates++;
                if (d->loops > 0 && d->gates >= d->loops) {
                    d->finished = 1;
                }
            }
            continue;
        }
        if (d->card - d->user + rx_fb > d->len) {
            d->status |= M2STAT_DATA_OVERRUN;
            d->pending = ERR_FIFOHWOVERRUN;
            fail(d, ERR_FIFOHWOVERRUN, SPC_M2CMD, 0, "FIFO overrun: the digitizer's buffer of %llu bytes was full at AWG frame %llu (the reader fell behind)",
                 (unsigned long long)d->len, (unsigned long long)f);
            continue;
        }
        d->in_gate = 1;
        int16_t* out = (int16_t*)(d->buf + d->card % d->len);
        double signal = w->gain * frame[0];
        if (w->tone_amplitude != 0) {
            signal += w->tone_amplitude * cos(omega * (double)f + w->tone_phase);
        }
        if (w->phantom) {
            signal += mr_signal(w, f, rate);
        }
        int k = 0;
        for (int c = 0; c < MAX_CHANNELS; c++) {
            if (d->chenable & (1 << c)) {
                out[k++] = clamp16((c == 0 ? signal : 0) + (w->noise > 0 ? w->noise * gaussian(w) : 0));
            }
        }
        d->card += rx_fb;
    }
    return f;
}

static uint64_t user_len(card* c)
{
    if (!c->defined) {
        return 0;
    }
    uint64_t n = c->ao ? c->len - (c->user - c->card) : c->card - c->user;
    if (!c->ao && c->finished) {
        return n;
    }
    return c->notify > 0 ? n - n % c->notify : n;
}

static world* find_world(const char* name)
{
    for (world* w = worlds; w; w = w->next) {
        if (strcmp(w->name, name) == 0) {
            return w;
        }
    }
    world* w = calloc(1, sizeof(world));
    snprintf(w->name, sizeof w->name, "%s", name);
    pthread_mutex_init(&w->lock, NULL);
    w->speed = 1;
    w->underrun_at = -1;
    w->fail_register = -1;
    w->rng = 0x9E3779B97F4A7C15ULL;
    w->next = worlds;
    worlds = w;
    return w;
}

static drv_handle open_failed(uint32_t code, const char* format, const char* name)
{
    open_error_code = code;
    snprintf(open_error, ERRORTEXTLEN, format, name);
    return NULL;
}

EXPORT drv_handle spcm_hOpen(const char* szDeviceName)
{
    if (!szDeviceName) {
        return open_failed(ERR_INVALIDPARAM, "%sspcm_hOpen: no device name", "");
    }
    char path[128], options[512] = "";
    const char* q = strchr(szDeviceName, '?');
    size_t n = q ? (size_t)(q - szDeviceName) : strlen(szDeviceName);
    if (n >= sizeof path || (q && strlen(q + 1) >= sizeof options)) {
        return open_failed(ERR_INVALIDPARAM, "device name too long: %s", szDeviceName);
    }
    memcpy(path, szDeviceName, n);
    path[n] = 0;
    if (q) {
        strcpy(options, q + 1);
    }
    int ao;
    if (strcmp(path, "/dev/spcm0") == 0) {
        ao = 1;
    } else if (strcmp(path, "/dev/spcm1") == 0) {
        ao = 0;
    } else {
        return open_failed(ERR_BOARDNOTFOUND, "no card %s: the simulator has /dev/spcm0 (AWG) and /dev/spcm1 (digitizer)", path);
    }

    char world_name[64] = "default";
    double speed = -1, gain = NAN, noise = NAN, tone_hz = NAN, tone_amplitude = NAN, tone_phase = NAN;
    double phantom = NAN, phantom_fov = NAN, mr_amplitude = NAN, t2star = NAN, larmor_hz = NAN;
    double full_scale[3] = { NAN, NAN, NAN };
    long long underrun_at = -2, fail_register = -2, seed = -1;
    for (char* save = NULL, *kv = strtok_r(options, "&", &save); kv; kv = strtok_r(NULL, "&", &save)) {
        char* eq = strchr(kv, '=');
        if (!eq) {
            return open_failed(ERR_INVALIDPARAM, "device option '%s' has no value", kv);
        }
        *eq = 0;
        const char* v = eq + 1;
        char* rest = NULL;
        if (strcmp(kv, "world") == 0) {
            snprintf(world_name, sizeof world_name, "%s", v);
            continue;
        }
        double x = strtod(v, &rest);
        if (*v == 0 || *rest != 0) {
            return open_failed(ERR_INVALIDPARAM, "device option '%s' needs a number", kv);
        }
        if (strcmp(kv, "speed") == 0) speed = x;
        else if (strcmp(kv, "gain") == 0) gain = x;
        else if (strcmp(kv, "noise") == 0) noise = x;
        else if (strcmp(kv, "seed") == 0) seed = (long long)x;
        else if (strcmp(kv, "tone_hz") == 0) tone_hz = x;
        else if (strcmp(kv, "tone_amplitude") == 0) tone_amplitude = x;
        else if (strcmp(kv, "tone_phase") == 0) tone_phase = x;
        else if (strcmp(kv, "underrun_at") == 0) underrun_at = (long long)x;
        else if (strcmp(kv, "fail_register") == 0) fail_register = (long long)x;
        else if (strcmp(kv, "phantom") == 0 && (x == 0 || x == 2 || x == 3)) phantom = x;
        else if (strcmp(kv, "phantom_fov") == 0 && x > 0) phantom_fov = x;
        else if (strcmp(kv, "mr_amplitude") == 0) mr_amplitude = x;
        else if (strcmp(kv, "t2star") == 0 && x >= 0) t2star = x;
        else if (strcmp(kv, "larmor_hz") == 0 && x >= 0) larmor_hz = x;
        else if (strcmp(kv, "gx_full_scale") == 0) full_scale[0] = x;
        else if (strcmp(kv, "gy_full_scale") == 0) full_scale[1] = x;
        else if (strcmp(kv, "gz_full_scale") == 0) full_scale[2] = x;
        else return open_failed(ERR_INVALIDPARAM, "unknown device option '%s', or its value out of range (native/README.md lists them)", kv);
    }

    pthread_mutex_lock(&worlds_lock);
    world* w = find_world(world_name);
    pthread_mutex_lock(&w->lock);
    if (!w->awg && !w->dig) {
        /* The first card of a world starts from the defaults: options of an earlier run do not carry over. */
        w->speed = 1;
        w->gain = w->noise = w->tone_hz = w->tone_amplitude = w->tone_phase = 0;
        w->phantom = 0;
        w->phantom_fov = 0.25;
        w->mr_amplitude = 1000;
        w->t2star = 0;
        w->larmor_hz = 2e6;
        for (int i = 0; i < 3; i++) {
            w->grad_scale[i] = 0;
            w->k[i] = 0;
        }
        w->since_rf = w->rf_re = w->rf_im = w->rf_phase = 0;
        w->rf_quiet = 0;
        w->underrun_at = -1;
        w->fail_register = -1;
        w->rng = 0x9E3779B97F4A7C15ULL;
        w->have_spare = 0;
        w->played = 0;
    }
    if ((ao && w->awg) || (!ao && w->dig)) {
        pthread_mutex_unlock(&w->lock);
        pthread_mutex_unlock(&worlds_lock);
        return open_failed(ERR_BOARDINUSE, "%s is already open", path);
    }
    card* c = calloc(1, sizeof(card));
    c->ao = ao;
    c->w = w;
    c->samplerate = ao ? 40000000 : 20000000;
    c->chenable = 1;
    c->outbuf = 4 << 20;
    for (int i = 0; i < MAX_CHANNELS; i++) {
        c->amp[i] = 1000;
    }
    if (ao) w->awg = c; else w->dig = c;
    if (speed >= 0) w->speed = speed;
    if (!isnan(gain)) w->gain = gain;
    if (!isnan(noise)) w->noise = noise;
    if (!isnan(tone_hz)) w->tone_hz = tone_hz;
    if (!isnan(tone_amplitude)) w->tone_amplitude = tone_amplitude;
    if (!isnan(tone_phase)) w->tone_phase = tone_phase;
    if (!isnan(phantom)) w->phantom = (int)phantom;
    if (!isnan(phantom_fov)) w->phantom_fov = phantom_fov;
    if (!isnan(mr_amplitude)) w->mr_amplitude = mr_amplitude;
    if (!isnan(t2star)) w->t2star = t2star;
    if (!isnan(larmor_hz)) w->larmor_hz = larmor_hz;
    for (int i = 0; i < 3; i++) {
        if (!isnan(full_scale[i])) w->grad_scale[i] = full_scale[i] / 16383;
    }
    if (underrun_at > -2) w->underrun_at = underrun_at;
    if (fail_register > -2) w->fail_register = (int32_t)fail_register;
    if (seed >= 0) { w->rng = (uint64_t)seed * 2654435761ULL + 1; w->have_spare = 0; }
    pthread_mutex_unlock(&w->lock);
    pthread_mutex_unlock(&worlds_lock);
    return c;
}

EXPORT void spcm_vClose(drv_handle hDevice)
{
    card* c = hDevice;
    if (!c) {
        return;
    }
    world* w = c->w;
    pthread_mutex_lock(&w->lock);
    if (w->awg == c) w->awg = NULL;
    if (w->dig == c) w->dig = NULL;
    pthread_mutex_unlock(&w->lock);
    free(c->onboard);
    free(c);
}

static uint32_t command(card* c, int64_t v);

static uint32_t set_locked(card* c, int32_t reg, int64_t v)
{
    world* w = c->w;
    if (w->fail_register == reg) {
        return fail(c, ERR_VALUE, reg, (int32_t)v, "register %d: value %lld refused (a failure injected by the simulator's fail_register option)", reg, (long long)v);
    }
    if (reg == SPC_M2CMD) {
        return command(c, v);
    }
    if (c->running && reg != SPC_DATA_AVAIL_CARD_LEN && reg != SPC_TIMEOUT) {
        return fail(c, ERR_RUNNING, reg, (int32_t)v, "register %d cannot change while the card runs", reg);
    }
    if (reg >= SPC_AMP0 && reg < SPC_AMP0 + 100 * MAX_CHANNELS && (reg - SPC_AMP0) % 100 == 0) {
        c->amp[(reg - SPC_AMP0) / 100] = (int32_t)v;
        return ERR_OK;
    }
    if (reg >= SPC_ENABLEOUT0 && reg < SPC_ENABLEOUT0 + 100 * MAX_CHANNELS && (reg - SPC_ENABLEOUT0) % 100 == 0) {
        c->enableout[(reg - SPC_ENABLEOUT0) / 100] = (int32_t)v;
        return ERR_OK;
    }
    if (reg >= SPCM_X0_MODE && reg < SPCM_X0_MODE + 4) {
        if (!c->ao && v != 0) {
            return fail(c, ERR_VALUE, reg, (int32_t)v, "the simulated digitizer has no marker outputs");
        }
        c->xmode[reg - SPCM_X0_MODE] = (int32_t)v;
        return ERR_OK;
    }
    switch (reg) {
    case SPC_DATA_AVAIL_CARD_LEN: {
        if (!c->defined) {
            return fail(c, ERR_SEQUENCE, reg, (int32_t)v, "SPC_DATA_AVAIL_CARD_LEN before spcm_dwDefTransfer_i64");
        }
        advance(w);
        uint64_t limit = c->ao ? c->len - (c->user - c->card) : c->card - c->user;
        if (v < 0 || (uint64_t)v > limit) {
            return fail(c, ERR_VALUE, reg, (int32_t)v, "SPC_DATA_AVAIL_CARD_LEN %lld: only %llu bytes are %s", (long long)v, (unsigned long long)limit, c->ao ? "free" : "available");
        }
        c->user += (uint64_t)v;
        return ERR_OK;
    }
    case SPC_CARDMODE:
        if (v != (c->ao ? SPC_REP_FIFO_SINGLE : SPC_REC_FIFO_GATE)) {
            return fail(c, ERR_VALUE, reg, (int32_t)v, "card mode 0x%llx is not simulated: the AWG replays in SPC_REP_FIFO_SINGLE, the digitizer records in SPC_REC_FIFO_GATE", (long long)v);
        }
        c->cardmode = (int32_t)v;
        return ERR_OK;
    case SPC_CHENABLE:
        if (v <= 0 || v > 0xF) {
            return fail(c, ERR_VALUE, reg, (int32_t)v, "channel mask 0x%llx: the simulated cards have channels 0-3", (long long)v);
        }
        c->chenable = (int32_t)v;
        return ERR_OK;
    case SPC_SAMPLERATE:
        if (v < 1000 || v > 125000000) {
            return fail(c, ERR_VALUE, reg, (int32_t)v, "sample rate %lld Hz is outside 1 kHz to 125 MHz", (long long)v);
        }
        c->samplerate = v;
        return ERR_OK;
    case SPC_DATA_OUTBUFSIZE:
        if (!c->ao || v < 1024 || (v & (v - 1)) != 0) {
            return fail(c, ERR_VALUE, reg, (int32_t)v, "SPC_DATA_OUTBUFSIZE must be a power of two of at least 1 KiB, on the AWG");
        }
        c->outbuf = v;
        return ERR_OK;
    case SPC_PRETRIGGER:
    case SPC_POSTTRIGGER:
        if (v != 0) {
            return fail(c, ERR_VALUE, reg, (int32_t)v, "the simulator records gates without pre- or post-trigger samples; set %s to 0", reg == SPC_PRETRIGGER ? "SPC_PRETRIGGER" : "SPC_POSTTRIGGER");
        }
        return ERR_OK;
    case SPC_LOOPS: c->loops = v; return ERR_OK;
    case SPC_SEGMENTSIZE: c->segmentsize = v; return ERR_OK;
    case SPC_TIMEOUT: c->timeout_ms = (int32_t)v; return ERR_OK;
    case SPC_TRIG_ORMASK: c->ormask = (int32_t)v; return ERR_OK;
    case SPC_TRIG_ANDMASK: c->andmask = (int32_t)v; return ERR_OK;
    case SPC_TRIG_EXT0_MODE: c->ext0mode = (int32_t)v; return ERR_OK;
    case SPC_TRIG_TERM: c->trigterm = (int32_t)v; return ERR_OK;
    case SPC_CLOCKMODE: c->clockmode = (int32_t)v; return ERR_OK;
    case SPC_CLOCKOUT: c->clockout = (int32_t)v; return ERR_OK;
    case SPC_M2STATUS:
    case SPC_DATA_AVAIL_USER_LEN:
    case SPC_DATA_AVAIL_USER_POS:
    case SPC_PCITYP:
    case SPC_FNCTYPE:
    case SPC_PCISERIALNO:
    case SPC_PCIFEATURES:
    case SPC_MIINST_MAXADCVALUE:
    case SPC_CHCOUNT:
    case SPC_FILLSIZEPROMILLE:
        return fail(c, ERR_NOWRITEALLOWED, reg, (int32_t)v, "register %d is read-only", reg);
    default:
        return fail(c, ERR_REG, reg, (int32_t)v, "register %d is not simulated", reg);
    }
}

static uint32_t wait_dma(card* c)
{
    world* w = c->w;
    double limit = c->timeout_ms > 0 ? c->timeout_ms * 1e-3 : 1e300;
    struct timespec begun;
    clock_gettime(CLOCK_MONOTONIC, &begun);
    for (;;) {
        advance(w);
        if (c->pending) {
            return c->pending;
        }
        uint64_t n = user_len(c);
        if (c->ao ? n >= c->notify && n > 0 : n > 0 || c->finished) {
            return ERR_OK;
        }
        if (!c->dma) {
            return fail(c, ERR_SEQUENCE, SPC_M2CMD, M2CMD_DATA_WAITDMA, "M2CMD_DATA_WAITDMA without a started DMA");
        }
        if (seconds_since(&begun) > limit) {
            return ERR_TIMEOUT; /* like the driver: not stored for spcm_dwGetErrorInfo_i32 */
        }
        pthread_mutex_unlock(&w->lock);
        struct timespec pause = {0, 50000};
        nanosleep(&pause, NULL);
        pthread_mutex_lock(&w->lock);
    }
}

static uint32_t command(card* c, int64_t v)
{
    world* w = c->w;
    int32_t cmd = (int32_t)v;
    if (cmd & M2CMD_CARD_RESET) {
        c->running = c->triggered = c->dma = c->defined = 0;
        c->status = c->pending = 0;
        c->finished = c->in_gate = 0;
        c->gates = 0;
        return ERR_OK;
    }
    if (cmd & (M2CMD_CARD_STOP | M2CMD_DATA_STOPDMA)) {
        advance(w);
        if (cmd & M2CMD_CARD_STOP) {
            c->running = 0;
            c->triggered = 0;
        }
        if (cmd & M2CMD_DATA_STOPDMA) {
            c->dma = 0;
        }
        return ERR_OK;
    }
    if (c->ao && (cmd & M2CMD_DATA_STARTDMA) && (cmd & M2CMD_CARD_START)) {
        return fail(c, ERR_SEQUENCE, SPC_M2CMD, cmd, "replay: start the DMA (M2CMD_DATA_STARTDMA) before the card, in a separate command");
    }
    if (cmd & M2CMD_DATA_STARTDMA) {
        if (!c->defined) {
            return fail(c, ERR_SEQUENCE, SPC_M2CMD, cmd, "M2CMD_DATA_STARTDMA without a buffer defined by spcm_dwDefTransfer_i64");
        }
        if (c->len % ((uint64_t)channels(c->chenable) * 2) != 0) {
            return fail(c, ERR_VALUE, SPC_M2CMD, cmd, "the buffer of %llu bytes is not a whole number of %d-byte frames", (unsigned long long)c->len, channels(c->chenable) * 2);
        }
        if (c->ao) {
            if ((uint64_t)c->outbuf % ((uint64_t)channels(c->chenable) * 2) != 0) {
                return fail(c, ERR_VALUE, SPC_M2CMD, cmd, "SPC_DATA_OUTBUFSIZE is not a whole number of frames: enable 1, 2 or 4 channels");
            }
            free(c->onboard);
            c->onboard = calloc(1, (size_t)c->outbuf);
            w->played = 0; /* a new replay: the DMA fills the FIFO from the start of the ring */
        }
        c->dma = 1;
    }
    if (cmd & M2CMD_CARD_START) {
        if (c->ao && !c->dma) {
            return fail(c, ERR_SEQUENCE, SPC_M2CMD, cmd, "replay: start the DMA and fill the buffer before starting the card");
        }
        if (c->cardmode != (c->ao ? SPC_REP_FIFO_SINGLE : SPC_REC_FIFO_GATE)) {
            return fail(c, ERR_SEQUENCE, SPC_M2CMD, cmd, "set SPC_CARDMODE before starting the card");
        }
        if (c->ao && w->dig && w->dig->running && w->dig->samplerate != c->samplerate) {
            return fail(c, ERR_VALUE, SPC_M2CMD, cmd, "the simulator wires the AWG to the digitizer sample for sample: set both to one rate (AWG %lld Hz, digitizer %lld Hz)",
                        (long long)c->samplerate, (long long)w->dig->samplerate);
        }
        c->running = 1;
        c->finished = 0;
        c->gates = 0;
        c->in_gate = 0;
        c->status &= ~M2STAT_DATA_OVERRUN;
        c->pending = 0;
        if (c->ao) {
            clock_gettime(CLOCK_MONOTONIC, &w->start);
            w->played = 0;
        }
    }
    if (cmd & M2CMD_CARD_ENABLETRIGGER) {
        if (!c->running) {
            return fail(c, ERR_SEQUENCE, SPC_M2CMD, cmd, "M2CMD_CARD_ENABLETRIGGER before M2CMD_CARD_START");
        }
        c->triggered = 1;
        if (c->ao) {
            clock_gettime(CLOCK_MONOTONIC, &w->start);
        }
    }
    if (cmd & M2CMD_DATA_WAITDMA) {
        return wait_dma(c);
    }
    return ERR_OK;
}

static uint32_t get_locked(card* c, int32_t reg, int64_t* v)
{
    advance(c->w);
    if (reg >= SPC_AMP0 && reg < SPC_AMP0 + 100 * MAX_CHANNELS && (reg - SPC_AMP0) % 100 == 0) {
        *v = c->amp[(reg - SPC_AMP0) / 100];
        return ERR_OK;
    }
    if (reg >= SPCM_X0_MODE && reg < SPCM_X0_MODE + 4) {
        *v = c->xmode[reg - SPCM_X0_MODE];
        return ERR_OK;
    }
    switch (reg) {
    case SPC_M2STATUS: {
        uint32_t s = c->status;
        if (c->triggered) s |= M2STAT_CARD_TRIGGER;
        if (!c->running) s |= M2STAT_CARD_READY;
        if (user_len(c) >= (c->notify ? c->notify : 1)) s |= M2STAT_DATA_BLOCKREADY;
        if (!c->ao && c->finished) s |= M2STAT_DATA_END;
        *v = s;
        return ERR_OK;
    }
    case SPC_DATA_AVAIL_USER_LEN: *v = (int64_t)user_len(c); return ERR_OK;
    case SPC_DATA_AVAIL_USER_POS: *v = c->len ? (int64_t)(c->user % c->len) : 0; return ERR_OK;
    case SPC_PCITYP: *v = c->ao ? TYP_M2P6536_X4 : TYP_M2P5933_X4; return ERR_OK;
    case SPC_FNCTYPE: *v = c->ao ? SPCM_TYPE_AO : SPCM_TYPE_AI; return ERR_OK;
    case SPC_PCISERIALNO: *v = c->ao ? 10001 : 10002; return ERR_OK;
    case SPC_PCIFEATURES: *v = c->ao ? 0 : SPCM_FEAT_GATE; return ERR_OK;
    case SPC_MIINST_MAXADCVALUE: *v = 32767; return ERR_OK;
    case SPC_CHCOUNT: *v = channels(c->chenable); return ERR_OK;
    case SPC_FILLSIZEPROMILLE: {
        uint64_t fb = (uint64_t)channels(c->chenable) * 2;
        uint64_t inside = c->ao ? c->card - c->w->played * fb : 0;
        *v = c->ao && c->outbuf ? (int64_t)(inside * 1000 / (uint64_t)c->outbuf) : 0;
        return ERR_OK;
    }
    case SPC_CARDMODE: *v = c->cardmode; return ERR_OK;
    case SPC_CHENABLE: *v = c->chenable; return ERR_OK;
    case SPC_SAMPLERATE: *v = c->samplerate; return ERR_OK;
    case SPC_DATA_OUTBUFSIZE: *v = c->outbuf; return ERR_OK;
    case SPC_LOOPS: *v = c->loops; return ERR_OK;
    case SPC_SEGMENTSIZE: *v = c->segmentsize; return ERR_OK;
    case SPC_TIMEOUT: *v = c->timeout_ms; return ERR_OK;
    case SPC_TRIG_ORMASK: *v = c->ormask; return ERR_OK;
    case SPC_TRIG_ANDMASK: *v = c->andmask; return ERR_OK;
    case SPC_TRIG_EXT0_MODE: *v = c->ext0mode; return ERR_OK;
    case SPC_PRETRIGGER:
    case SPC_POSTTRIGGER: *v = 0; return ERR_OK;
    default:
        return fail(c, ERR_REG, reg, 0, "register %d is not simulated", reg);
    }
}

EXPORT uint32_t spcm_dwSetParam_i64(drv_handle hDevice, int32_t lRegister, int64_t llValue)
{
    card* c = hDevice;
    if (!c) {
        return ERR_INVALIDHANDLE;
    }
    pthread_mutex_lock(&c->w->lock);
    uint32_t r = set_locked(c, lRegister, llValue);
    pthread_mutex_unlock(&c->w->lock);
    return r;
}

EXPORT uint32_t spcm_dwSetParam_i32(drv_handle hDevice, int32_t lRegister, int32_t lValue)
{
    return spcm_dwSetParam_i64(hDevice, lRegister, lValue);
}

EXPORT uint32_t spcm_dwGetParam_i64(drv_handle hDevice, int32_t lRegister, int64_t* pllValue)
{
    card* c = hDevice;
    if (!c) {
        return ERR_INVALIDHANDLE;
    }
    if (!pllValue) {
        return ERR_INVALIDPARAM;
    }
    pthread_mutex_lock(&c->w->lock);
    uint32_t r = get_locked(c, lRegister, pllValue);
    pthread_mutex_unlock(&c->w->lock);
    return r;
}

EXPORT uint32_t spcm_dwGetParam_i32(drv_handle hDevice, int32_t lRegister, int32_t* plValue)
{
    int64_t v = 0;
    uint32_t r = spcm_dwGetParam_i64(hDevice, lRegister, &v);
    if (r == ERR_OK && plValue) {
        if (v > INT32_MAX || v < INT32_MIN) {
            return 0x0109; /* ERR_EXCEEDSINT32 */
        }
        *plValue = (int32_t)v;
    }
    return r;
}

EXPORT uint32_t spcm_dwDefTransfer_i64(drv_handle hDevice, uint32_t dwBufType, uint32_t dwDirection, uint32_t dwNotifySize,
                                       void* pvDataBuffer, uint64_t qwBrdOffs, uint64_t qwTransferLen)
{
    card* c = hDevice;
    if (!c) {
        return ERR_INVALIDHANDLE;
    }
    pthread_mutex_lock(&c->w->lock);
    uint32_t r = ERR_OK;
    int small = dwNotifySize >= 16 && dwNotifySize <= 2048 && (dwNotifySize & (dwNotifySize - 1)) == 0;
    if (dwBufType != SPCM_BUF_DATA) {
        r = fail(c, ERR_INVALIDPARAM, SPC_FUNCTION_DEFTRANSFER, (int32_t)dwBufType, "buffer type %u is not simulated (SPCM_BUF_DATA only)", dwBufType);
    } else if (dwDirection != (c->ao ? SPCM_DIR_PCTOCARD : SPCM_DIR_CARDTOPC)) {
        r = fail(c, ERR_DIRMISMATCH, SPC_FUNCTION_DEFTRANSFER, (int32_t)dwDirection, "direction %u does not fit the %s", dwDirection, c->ao ? "AWG (SPCM_DIR_PCTOCARD)" : "digitizer (SPCM_DIR_CARDTOPC)");
    } else if (dwNotifySize != 0 && !small && dwNotifySize % 4096 != 0) {
        r = fail(c, ERR_NOTIFYSIZE, SPC_FUNCTION_DEFTRANSFER, (int32_t)dwNotifySize, "notify size %u is neither a multiple of 4096 nor a power of two from 16 to 2048", dwNotifySize);
    } else if (!pvDataBuffer || qwTransferLen == 0 || ((uintptr_t)pvDataBuffer & 4095) != 0 || qwBrdOffs != 0) {
        r = fail(c, ERR_INVALIDPARAM, SPC_FUNCTION_DEFTRANSFER, 0, "the buffer must be page-aligned and not empty, at board offset 0");
    } else if (dwNotifySize != 0 && qwTransferLen % dwNotifySize != 0) {
        r = fail(c, ERR_NOTIFYSIZE, SPC_FUNCTION_DEFTRANSFER, (int32_t)dwNotifySize, "the buffer of %llu bytes is not a whole number of %u-byte notify blocks", (unsigned long long)qwTransferLen, dwNotifySize);
    } else if (c->dma) {
        r = fail(c, ERR_SEQUENCE, SPC_FUNCTION_DEFTRANSFER, 0, "a buffer is defined while its DMA runs");
    } else {
        c->buf = pvDataBuffer;
        c->len = qwTransferLen;
        c->notify = dwNotifySize ? dwNotifySize : (uint32_t)qwTransferLen;
        c->defined = 1;
        c->user = c->card = 0;
    }
    pthread_mutex_unlock(&c->w->lock);
    return r;
}

EXPORT uint32_t spcm_dwInvalidateBuf(drv_handle hDevice, uint32_t dwBufType)
{
    card* c = hDevice;
    if (!c) {
        return ERR_INVALIDHANDLE;
    }
    pthread_mutex_lock(&c->w->lock);
    uint32_t r = ERR_OK;
    if (dwBufType != SPCM_BUF_DATA) {
        r = fail(c, ERR_INVALIDPARAM, 0, (int32_t)dwBufType, "buffer type %u is not simulated", dwBufType);
    } else {
        c->dma = 0;
        c->defined = 0;
        c->buf = NULL;
    }
    pthread_mutex_unlock(&c->w->lock);
    return r;
}

EXPORT uint32_t spcm_dwGetErrorInfo_i32(drv_handle hDevice, uint32_t* pdwErrorReg, int32_t* plErrorValue, char pszErrorTextBuffer[ERRORTEXTLEN])
{
    card* c = hDevice;
    if (!c) {
        uint32_t code = open_error_code;
        if (pszErrorTextBuffer) snprintf(pszErrorTextBuffer, ERRORTEXTLEN, "%s", open_error);
        if (pdwErrorReg) *pdwErrorReg = 0;
        if (plErrorValue) *plErrorValue = 0;
        return code;
    }
    pthread_mutex_lock(&c->w->lock);
    uint32_t code = c->err_code;
    if (pdwErrorReg) *pdwErrorReg = c->err_reg;
    if (plErrorValue) *plErrorValue = c->err_value;
    if (pszErrorTextBuffer) snprintf(pszErrorTextBuffer, ERRORTEXTLEN, "%s", c->err_text);
    c->err_code = 0;
    c->err_reg = 0;
    c->err_value = 0;
    c->err_text[0] = 0;
    pthread_mutex_unlock(&c->w->lock);
    return code;
}
