/* Tests of libspcm_sim through its exported C API, as a driver user calls it. */
#include "spcm_sim.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

#define CHECK(condition, ...)                                   \
    do {                                                        \
        if (!(condition)) {                                     \
            failures++;                                         \
            fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);     \
            fprintf(stderr, __VA_ARGS__);                       \
            fprintf(stderr, "\n");                              \
        }                                                       \
    } while (0)

#define OK(call) CHECK((call) == ERR_OK, "%s failed", #call)

enum { FRAMES = 4096, FRAME_BYTES = 8 };

/* An AWG buffer of 4096 frames: channel 0 a ramp, the ADC gate (bit 15 of channel 1) high on frames 100-199 and
 * 300-349. */
static void fill(int16_t* tx)
{
    for (int f = 0; f < FRAMES; f++) {
        int gate = (f >= 100 && f < 200) || (f >= 300 && f < 350);
        tx[f * 4 + 0] = (int16_t)(f * 4);
        tx[f * 4 + 1] = (int16_t)(gate ? 0x8000 | 5 : 5);
        tx[f * 4 + 2] = 0;
        tx[f * 4 + 3] = 0;
    }
}

static void setup_awg(drv_handle awg, void* buffer)
{
    OK(spcm_dwSetParam_i32(awg, SPC_CHENABLE, 0xF));
    OK(spcm_dwSetParam_i32(awg, SPC_CARDMODE, SPC_REP_FIFO_SINGLE));
    OK(spcm_dwSetParam_i64(awg, SPC_SAMPLERATE, 20000000));
    OK(spcm_dwSetParam_i32(awg, SPCM_X0_MODE, SPCM_XMODE_DIGOUT | (SPCM_XMODE_DIGOUTSRC_CH0 << 1) | SPCM_XMODE_DIGOUTSRC_BIT15));
    OK(spcm_dwSetParam_i32(awg, SPC_TRIG_ORMASK, SPC_TMASK_SOFTWARE));
    OK(spcm_dwSetParam_i32(awg, SPC_TIMEOUT, 2000));
    OK(spcm_dwDefTransfer_i64(awg, SPCM_BUF_DATA, SPCM_DIR_PCTOCARD, 4096, buffer, 0, FRAMES * FRAME_BYTES));
}

static void setup_digitizer(drv_handle dig, void* buffer, int gates)
{
    OK(spcm_dwSetParam_i32(dig, SPC_CHENABLE, 1));
    OK(spcm_dwSetParam_i32(dig, SPC_CARDMODE, SPC_REC_FIFO_GATE));
    OK(spcm_dwSetParam_i64(dig, SPC_SAMPLERATE, 20000000));
    OK(spcm_dwSetParam_i32(dig, SPC_TRIG_ORMASK, SPC_TMASK_EXT0));
    OK(spcm_dwSetParam_i32(dig, SPC_TRIG_EXT0_MODE, SPC_TM_POS));
    OK(spcm_dwSetParam_i64(dig, SPC_LOOPS, gates));
    OK(spcm_dwSetParam_i32(dig, SPC_TIMEOUT, 2000));
    OK(spcm_dwDefTransfer_i64(dig, SPCM_BUF_DATA, SPCM_DIR_CARDTOPC, 256, buffer, 0, 8192));
    OK(spcm_dwSetParam_i32(dig, SPC_M2CMD, M2CMD_CARD_START | M2CMD_CARD_ENABLETRIGGER | M2CMD_DATA_STARTDMA));
}

/* Fills a ring with the pattern, hands all of it to the AWG and starts it (DMA first, then card and trigger). */
static int16_t* start_full_ring(drv_handle awg)
{
    int16_t* tx = aligned_alloc(4096, FRAMES * FRAME_BYTES);
    fill(tx);
    setup_awg(awg, tx);
    OK(spcm_dwSetParam_i64(awg, SPC_DATA_AVAIL_CARD_LEN, FRAMES * FRAME_BYTES));
    OK(spcm_dwSetParam_i32(awg, SPC_M2CMD, M2CMD_DATA_STARTDMA | M2CMD_DATA_WAITDMA));
    OK(spcm_dwSetParam_i32(awg, SPC_M2CMD, M2CMD_CARD_START | M2CMD_CARD_ENABLETRIGGER));
    return tx;
}

static void gated_samples_are_the_awg_signal_scaled_plus_the_tone(void)
{
    drv_handle awg = spcm_hOpen("/dev/spcm0?world=gated&speed=0&gain=0.5&tone_hz=1e6&tone_amplitude=100&tone_phase=0.25");
    drv_handle dig = spcm_hOpen("/dev/spcm1?world=gated");
    CHECK(awg && dig, "open");
    int64_t type = 0;
    OK(spcm_dwGetParam_i64(awg, SPC_FNCTYPE, &type));
    CHECK(type == SPCM_TYPE_AO, "AWG function type %lld", (long long)type);
    int16_t* rx = aligned_alloc(4096, 8192);
    setup_digitizer(dig, rx, 2);
    int16_t* tx = start_full_ring(awg);
    OK(spcm_dwSetParam_i32(dig, SPC_M2CMD, M2CMD_DATA_WAITDMA));

    int64_t len = 0, pos = 0, status = 0;
    OK(spcm_dwGetParam_i64(dig, SPC_DATA_AVAIL_USER_LEN, &len));
    OK(spcm_dwGetParam_i64(dig, SPC_DATA_AVAIL_USER_POS, &pos));
    OK(spcm_dwGetParam_i64(dig, SPC_M2STATUS, &status));
    CHECK(len == 150 * 2 && pos == 0, "150 gated samples at 0, got %lld bytes at %lld", (long long)len, (long long)pos);
    CHECK(status & M2STAT_DATA_END, "both gates recorded: status 0x%llx", (long long)status);
    for (int i = 0; i < 150; i++) {
        int f = i < 100 ? 100 + i : 300 + (i - 100);
        double expected = 0.5 * f * 4 + 100 * cos(2 * M_PI * 1e6 / 20e6 * f + 0.25);
        CHECK(fabs(rx[i] - expected) <= 0.5, "sample %d (frame %d): %d, expected %.2f", i, f, rx[i], expected);
    }
    OK(spcm_dwSetParam_i64(dig, SPC_DATA_AVAIL_CARD_LEN, len));
    OK(spcm_dwSetParam_i32(awg, SPC_M2CMD, M2CMD_CARD_STOP | M2CMD_DATA_STOPDMA));
    OK(spcm_dwSetParam_i32(dig, SPC_M2CMD, M2CMD_CARD_STOP | M2CMD_DATA_STOPDMA));
    spcm_vClose(awg);
    spcm_vClose(dig);
    free(tx);
    free(rx);
}

static void the_ring_hands_free_space_back_in_notify_blocks_as_the_card_plays(void)
{
    drv_handle awg = spcm_hOpen("/dev/spcm0?world=ring&speed=0");
    int16_t* tx = aligned_alloc(4096, FRAMES * FRAME_BYTES);
    fill(tx);
    setup_awg(awg, tx);
    OK(spcm_dwSetParam_i64(awg, SPC_DATA_OUTBUFSIZE, 8192));
    int64_t len = -1;
    OK(spcm_dwGetParam_i64(awg, SPC_DATA_AVAIL_USER_LEN, &len));
    CHECK(len == FRAMES * FRAME_BYTES, "an empty ring is all free: %lld", (long long)len);
    OK(spcm_dwSetParam_i64(awg, SPC_DATA_AVAIL_CARD_LEN, 12288));
    OK(spcm_dwGetParam_i64(awg, SPC_DATA_AVAIL_USER_LEN, &len));
    CHECK(len == FRAMES * FRAME_BYTES - 12288, "after handing 12 KiB: %lld", (long long)len);
    CHECK(spcm_dwSetParam_i64(awg, SPC_DATA_AVAIL_CARD_LEN, FRAMES * FRAME_BYTES) == ERR_VALUE, "more than is free is refused");
    char text[ERRORTEXTLEN];
    uint32_t reg = 0;
    CHECK(spcm_dwGetErrorInfo_i32(awg, &reg, NULL, text) == ERR_VALUE && reg == SPC_DATA_AVAIL_CARD_LEN && strstr(text, "bytes are free"), "error info: %s", text);
    OK(spcm_dwSetParam_i32(awg, SPC_M2CMD, M2CMD_DATA_STARTDMA | M2CMD_DATA_WAITDMA));
    OK(spcm_dwSetParam_i32(awg, SPC_M2CMD, M2CMD_CARD_START | M2CMD_CARD_ENABLETRIGGER));
    OK(spcm_dwGetParam_i64(awg, SPC_DATA_AVAIL_USER_LEN, &len));
    CHECK(len == FRAMES * FRAME_BYTES, "at speed 0 the card plays what it has at once: %lld free", (long long)len);
    int64_t pos = 0;
    OK(spcm_dwGetParam_i64(awg, SPC_DATA_AVAIL_USER_POS, &pos));
    CHECK(pos == 12288, "the user's region starts after the handed bytes: %lld", (long long)pos);
    OK(spcm_dwSetParam_i32(awg, SPC_M2CMD, M2CMD_CARD_STOP | M2CMD_DATA_STOPDMA));
    spcm_vClose(awg);
    free(tx);
}

static void an_underrun_is_reported_as_the_driver_reports_it(void)
{
    drv_handle awg = spcm_hOpen("/dev/spcm0?world=underrun&speed=0&underrun_at=1000");
    int16_t* tx = start_full_ring(awg);
    uint32_t r = spcm_dwSetParam_i32(awg, SPC_M2CMD, M2CMD_DATA_WAITDMA);
    int64_t status = 0;
    OK(spcm_dwGetParam_i64(awg, SPC_M2STATUS, &status));
    char text[ERRORTEXTLEN];
    uint32_t code = spcm_dwGetErrorInfo_i32(awg, NULL, NULL, text);
    CHECK(r == ERR_FIFOHWOVERRUN && (status & M2STAT_DATA_OVERRUN) && code == ERR_FIFOHWOVERRUN && strstr(text, "underrun"),
          "wait %u, status 0x%llx, error %u '%s'", r, (long long)status, code, text);
    spcm_vClose(awg);
    free(tx);
}

static void a_real_time_card_underruns_when_nobody_feeds_it(void)
{
    drv_handle awg = spcm_hOpen("/dev/spcm0?world=realtime&speed=1");
    int16_t* tx = start_full_ring(awg);
    /* 4096 frames at 20 MHz last 205 µs; the free space reaches the whole ring and then the card runs dry. */
    uint32_t r = ERR_OK;
    for (int i = 0; i < 1000000 && r == ERR_OK; i++) {
        r = spcm_dwSetParam_i32(awg, SPC_M2CMD, M2CMD_DATA_WAITDMA);
    }
    CHECK(r == ERR_FIFOHWOVERRUN, "wait returned %u", r);
    spcm_vClose(awg);
    free(tx);
}

static void bad_calls_fail_with_the_drivers_codes_and_a_text(void)
{
    CHECK(spcm_hOpen("/dev/spcm7") == NULL, "no such card");
    char text[ERRORTEXTLEN];
    CHECK(spcm_dwGetErrorInfo_i32(NULL, NULL, NULL, text) == ERR_BOARDNOTFOUND && strstr(text, "/dev/spcm7"), "open error: %s", text);
    drv_handle awg = spcm_hOpen("/dev/spcm0?world=bad&fail_register=30010");
    CHECK(spcm_hOpen("/dev/spcm0?world=bad") == NULL, "a card opens once");
    void* buffer = aligned_alloc(4096, 8192);
    CHECK(spcm_dwDefTransfer_i64(awg, SPCM_BUF_DATA, SPCM_DIR_PCTOCARD, 3000, buffer, 0, 8192) == ERR_NOTIFYSIZE, "notify size 3000");
    CHECK(spcm_dwGetErrorInfo_i32(awg, NULL, NULL, text) == ERR_NOTIFYSIZE && strstr(text, "3000"), "text: %s", text);
    CHECK(spcm_dwDefTransfer_i64(awg, SPCM_BUF_DATA, SPCM_DIR_CARDTOPC, 4096, buffer, 0, 8192) == ERR_DIRMISMATCH, "direction");
    CHECK(spcm_dwSetParam_i32(awg, 123456, 1) == ERR_REG, "unknown register");
    CHECK(spcm_dwSetParam_i32(awg, SPC_AMP0, 500) == ERR_VALUE, "injected failure");
    uint32_t reg = 0;
    int32_t value = 0;
    CHECK(spcm_dwGetErrorInfo_i32(awg, &reg, &value, text) == ERR_VALUE && reg == SPC_AMP0 && value == 500 && strstr(text, "injected"), "text: %s", text);
    CHECK(spcm_dwGetErrorInfo_i32(awg, NULL, NULL, text) == ERR_OK && text[0] == 0, "reading the error clears it");
    CHECK(spcm_dwSetParam_i32(awg, SPC_M2CMD, M2CMD_CARD_START) == ERR_SEQUENCE, "replay start before the DMA");
    spcm_vClose(awg);
    free(buffer);
}

/* J1(x) by its integral (1/π) ∫0^π cos(τ − x sin τ) dτ, independent of the simulator's rational approximation. */
static double j1_by_integral(double x)
{
    const int n = 2000;
    double sum = 0;
    for (int i = 0; i < n; i++) {
        double t = (i + 0.5) * M_PI / n;
        sum += cos(t - x * sin(t));
    }
    return sum / n;
}

/* The modified Shepp-Logan phantom's transform at (kx, ky) in cycles per half-width, as in the Recon plugin. */
static void shepp_logan_transform(double kx, double ky, double* re, double* im)
{
    static const double e[10][6] = {
        { 1.0, 0.69, 0.92, 0, 0, 0 }, { -0.8, 0.6624, 0.874, 0, -0.0184, 0 }, { -0.2, 0.11, 0.31, 0.22, 0, -18 },
        { -0.2, 0.16, 0.41, -0.22, 0, 18 }, { 0.1, 0.21, 0.25, 0, 0.35, 0 }, { 0.1, 0.046, 0.046, 0, 0.1, 0 },
        { 0.1, 0.046, 0.046, 0, -0.1, 0 }, { 0.1, 0.046, 0.023, -0.08, -0.605, 0 }, { 0.1, 0.023, 0.023, 0, -0.606, 0 },
        { 0.1, 0.023, 0.046, 0.06, -0.605, 0 },
    };
    *re = *im = 0;
    for (int i = 0; i < 10; i++) {
        double t = e[i][5] * M_PI / 180;
        double u = e[i][1] * (kx * cos(t) + ky * sin(t)), v = e[i][2] * (-kx * sin(t) + ky * cos(t));
        double r = sqrt(u * u + v * v);
        double m = e[i][0] * e[i][1] * e[i][2] * (r == 0 ? M_PI : j1_by_integral(2 * M_PI * r) / r);
        double phase = -2 * M_PI * (kx * e[i][3] + ky * e[i][4]);
        *re += m * cos(phase);
        *im += m * sin(phase);
    }
}

static void the_mr_signal_is_the_phantoms_transform_at_the_gradients_integral(void)
{
    /* 50 frames of RF at the 2 MHz carrier (5 whole periods, phase 0.3), then x gradient code 1000 with the ADC gate
     * on frames 100-199 and 300-349; 1000 codes × 2.6e7 / 16383 Hz/m per code over 20 MHz frames. */
    drv_handle awg = spcm_hOpen("/dev/spcm0?world=mr&speed=0&phantom=2&phantom_fov=0.25&mr_amplitude=2000&larmor_hz=2e6&gx_full_scale=2.6e7");
    drv_handle dig = spcm_hOpen("/dev/spcm1?world=mr");
    CHECK(awg && dig, "open");
    int16_t* rx = aligned_alloc(4096, 8192);
    setup_digitizer(dig, rx, 2);
    int16_t* tx = aligned_alloc(4096, FRAMES * FRAME_BYTES);
    double rf_re = 0, rf_im = 0;
    for (int f = 0; f < FRAMES; f++) {
        int gate = (f >= 100 && f < 200) || (f >= 300 && f < 350);
        double carrier = 2 * M_PI * 0.1 * f;
        tx[f * 4 + 0] = f < 50 ? (int16_t)lround(1000 * cos(carrier + 0.3)) : 0;
        tx[f * 4 + 1] = (int16_t)((f >= 50 ? 1000 : 0) | (gate ? 0x8000 : 0));
        tx[f * 4 + 2] = 0;
        tx[f * 4 + 3] = 0;
        rf_re += tx[f * 4 + 0] * cos(carrier);
        rf_im -= tx[f * 4 + 0] * sin(carrier);
    }
    setup_awg(awg, tx);
    OK(spcm_dwSetParam_i64(awg, SPC_DATA_AVAIL_CARD_LEN, FRAMES * FRAME_BYTES));
    OK(spcm_dwSetParam_i32(awg, SPC_M2CMD, M2CMD_DATA_STARTDMA | M2CMD_DATA_WAITDMA));
    OK(spcm_dwSetParam_i32(awg, SPC_M2CMD, M2CMD_CARD_START | M2CMD_CARD_ENABLETRIGGER));
    OK(spcm_dwSetParam_i32(dig, SPC_M2CMD, M2CMD_DATA_WAITDMA));

    double phase = atan2(rf_im, rf_re), s0, unused;
    CHECK(fabs(phase - 0.3) < 0.01, "the RF's phase is %.4f, expected 0.3", phase);
    shepp_logan_transform(0, 0, &s0, &unused);
    double per_frame = 1000 * 2.6e7 / 16383 / 20e6 * 0.125; /* cycles per half-width per frame */
    double largest = 0;
    for (int i = 0; i < 150; i++) {
        int f = i < 100 ? 100 + i : 300 + (i - 100);
        double re, im;
        shepp_logan_transform(per_frame * (f - 49), 0, &re, &im);
        double turn = 2 * M_PI * 0.1 * f + phase;
        double expected = 2000 * (re * cos(turn) - im * sin(turn)) / s0;
        CHECK(fabs(rx[i] - expected) <= 1, "sample %d (frame %d, k %.3f): %d, expected %.2f", i, f, per_frame * (f - 49), rx[i], expected);
        largest = fmax(largest, fabs(expected));
    }
    CHECK(largest > 100 && largest < 2000, "the echo decays from k = 0 (largest %.1f)", largest);
    OK(spcm_dwSetParam_i32(awg, SPC_M2CMD, M2CMD_CARD_STOP | M2CMD_DATA_STOPDMA));
    OK(spcm_dwSetParam_i32(dig, SPC_M2CMD, M2CMD_CARD_STOP | M2CMD_DATA_STOPDMA));
    spcm_vClose(awg);
    spcm_vClose(dig);
    free(tx);
    free(rx);
}

/* The 3D phantom's transform at (0, 0, kz) in cycles per half-width, each ellipsoid's ball transform by its radial
 * integral, 4π ∫0^1 r² sin(2πqr) / (2πqr) dr (the simulator uses the closed form). */
static void shepp_logan_3d_transform_along_z(double kz, double* re, double* im)
{
    static const double e[10][5] = { /* density, a, b, c, centre z */
        { 1.0, 0.69, 0.92, 0.81, 0 }, { -0.8, 0.6624, 0.874, 0.78, 0 }, { -0.2, 0.11, 0.31, 0.22, 0 },
        { -0.2, 0.16, 0.41, 0.28, 0 }, { 0.1, 0.21, 0.25, 0.41, -0.15 }, { 0.1, 0.046, 0.046, 0.05, 0.25 },
        { 0.1, 0.046, 0.046, 0.05, 0.25 }, { 0.1, 0.046, 0.023, 0.05, 0 }, { 0.1, 0.023, 0.023, 0.02, 0 },
        { 0.1, 0.023, 0.046, 0.02, 0 },
    };
    *re = *im = 0;
    for (int i = 0; i < 10; i++) {
        double q = fabs(e[i][3] * kz), ball = 0;
        const int n = 2000;
        for (int j = 0; j < n; j++) {
            double r = (j + 0.5) / n, x = 2 * M_PI * q * r;
            ball += 4 * M_PI * r * r * (x == 0 ? 1 : sin(x) / x) / n;
        }
        double m = e[i][0] * e[i][1] * e[i][2] * e[i][3] * ball, phase = -2 * M_PI * kz * e[i][4];
        *re += m * cos(phase);
        *im += m * sin(phase);
    }
}

static void the_3d_phantoms_signal_follows_k_along_z(void)
{
    /* 50 frames of RF (phase 0.3), then z gradient code 1000 with the gate on frames 100-299. */
    drv_handle awg = spcm_hOpen("/dev/spcm0?world=mr3&speed=0&phantom=3&phantom_fov=0.25&mr_amplitude=2000&larmor_hz=2e6&gz_full_scale=2.6e7");
    drv_handle dig = spcm_hOpen("/dev/spcm1?world=mr3");
    CHECK(awg && dig, "open");
    int16_t* rx = aligned_alloc(4096, 8192);
    setup_digitizer(dig, rx, 1);
    int16_t* tx = aligned_alloc(4096, FRAMES * FRAME_BYTES);
    for (int f = 0; f < FRAMES; f++) {
        double carrier = 2 * M_PI * 0.1 * f;
        tx[f * 4 + 0] = f < 50 ? (int16_t)lround(1000 * cos(carrier + 0.3)) : 0;
        tx[f * 4 + 1] = (int16_t)(f >= 100 && f < 300 ? 0x8000 : 0);
        tx[f * 4 + 2] = 0;
        tx[f * 4 + 3] = (int16_t)(f >= 50 ? 1000 : 0);
    }
    setup_awg(awg, tx);
    OK(spcm_dwSetParam_i64(awg, SPC_DATA_AVAIL_CARD_LEN, FRAMES * FRAME_BYTES));
    OK(spcm_dwSetParam_i32(awg, SPC_M2CMD, M2CMD_DATA_STARTDMA | M2CMD_DATA_WAITDMA));
    OK(spcm_dwSetParam_i32(awg, SPC_M2CMD, M2CMD_CARD_START | M2CMD_CARD_ENABLETRIGGER));
    OK(spcm_dwSetParam_i32(dig, SPC_M2CMD, M2CMD_DATA_WAITDMA));

    double s0, unused, per_frame = 1000 * 2.6e7 / 16383 / 20e6 * 0.125;
    shepp_logan_3d_transform_along_z(0, &s0, &unused);
    for (int i = 0; i < 200; i++) {
        int f = 100 + i;
        double re, im, turn = 2 * M_PI * 0.1 * f + 0.3;
        shepp_logan_3d_transform_along_z(per_frame * (f - 49), &re, &im);
        double expected = 2000 * (re * cos(turn) - im * sin(turn)) / s0;
        CHECK(fabs(rx[i] - expected) <= 1.5, "sample %d (frame %d): %d, expected %.2f", i, f, rx[i], expected);
    }
    OK(spcm_dwSetParam_i32(awg, SPC_M2CMD, M2CMD_CARD_STOP | M2CMD_DATA_STOPDMA));
    OK(spcm_dwSetParam_i32(dig, SPC_M2CMD, M2CMD_CARD_STOP | M2CMD_DATA_STOPDMA));
    spcm_vClose(awg);
    spcm_vClose(dig);
    free(tx);
    free(rx);
}

static const struct {
    const char* name;
    void (*run)(void);
} tests[] = {
    {"gated_samples_are_the_awg_signal_scaled_plus_the_tone", gated_samples_are_the_awg_signal_scaled_plus_the_tone},
    {"the_ring_hands_free_space_back_in_notify_blocks_as_the_card_plays", the_ring_hands_free_space_back_in_notify_blocks_as_the_card_plays},
    {"an_underrun_is_reported_as_the_driver_reports_it", an_underrun_is_reported_as_the_driver_reports_it},
    {"a_real_time_card_underruns_when_nobody_feeds_it", a_real_time_card_underruns_when_nobody_feeds_it},
    {"bad_calls_fail_with_the_drivers_codes_and_a_text", bad_calls_fail_with_the_drivers_codes_and_a_text},
    {"the_mr_signal_is_the_phantoms_transform_at_the_gradients_integral", the_mr_signal_is_the_phantoms_transform_at_the_gradients_integral},
    {"the_3d_phantoms_signal_follows_k_along_z", the_3d_phantoms_signal_follows_k_along_z},
};

/* One test by name (how ctest runs them, one process each), or all of them. */
int main(int argc, char** argv)
{
    int ran = 0;
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        if (argc < 2 || strcmp(argv[1], tests[i].name) == 0) {
            tests[i].run();
            ran++;
        }
    }
    if (ran == 0) {
        fprintf(stderr, "no test named %s\n", argv[1]);
        return 2;
    }
    printf("%s: %d failure(s)\n", failures ? "FAILED" : "passed", failures);
    return failures ? 1 : 0;
}
