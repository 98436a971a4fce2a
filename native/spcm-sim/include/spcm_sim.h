/*
 * The subset of Spectrum's driver API (spcm_drv.h, regs.h, spcerr.h) that Conduit uses, with the published names,
 * signatures and numbers, as libspcm_sim.so exports it. Register and error values are facts from Spectrum's headers
 * (see docs/spectrum-driver-facts.md); the declarations are written here.
 */
#ifndef SPCM_SIM_H
#define SPCM_SIM_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef void* drv_handle;

#define ERRORTEXTLEN 200

/* Functions */
drv_handle spcm_hOpen(const char* szDeviceName);
void spcm_vClose(drv_handle hDevice);
uint32_t spcm_dwSetParam_i32(drv_handle hDevice, int32_t lRegister, int32_t lValue);
uint32_t spcm_dwSetParam_i64(drv_handle hDevice, int32_t lRegister, int64_t llValue);
uint32_t spcm_dwGetParam_i32(drv_handle hDevice, int32_t lRegister, int32_t* plValue);
uint32_t spcm_dwGetParam_i64(drv_handle hDevice, int32_t lRegister, int64_t* pllValue);
uint32_t spcm_dwDefTransfer_i64(drv_handle hDevice, uint32_t dwBufType, uint32_t dwDirection, uint32_t dwNotifySize,
                                void* pvDataBuffer, uint64_t qwBrdOffs, uint64_t qwTransferLen);
uint32_t spcm_dwInvalidateBuf(drv_handle hDevice, uint32_t dwBufType);
uint32_t spcm_dwGetErrorInfo_i32(drv_handle hDevice, uint32_t* pdwErrorReg, int32_t* plErrorValue,
                                 char pszErrorTextBuffer[ERRORTEXTLEN]);

/* Registers */
#define SPC_M2CMD 100
#define SPC_M2STATUS 110
#define SPC_DATA_AVAIL_USER_LEN 200
#define SPC_DATA_AVAIL_USER_POS 201
#define SPC_DATA_AVAIL_CARD_LEN 202
#define SPC_DATA_OUTBUFSIZE 209
#define SPC_MIINST_MAXADCVALUE 1126
#define SPC_PCITYP 2000
#define SPC_FNCTYPE 2001
#define SPC_PCISERIALNO 2030
#define SPC_PCIFEATURES 2120
#define SPC_CARDMODE 9500
#define SPC_SEGMENTSIZE 10010
#define SPC_LOOPS 10020
#define SPC_PRETRIGGER 10030
#define SPC_POSTTRIGGER 10100
#define SPC_CHENABLE 11000
#define SPC_CHCOUNT 11001
#define SPC_SAMPLERATE 20000
#define SPC_CLOCKOUT 20110
#define SPC_CLOCKMODE 20200
#define SPC_AMP0 30010
#define SPC_ENABLEOUT0 30091
#define SPC_TRIG_TERM 40110
#define SPC_TRIG_ORMASK 40410
#define SPC_TRIG_ANDMASK 40430
#define SPC_TRIG_EXT0_MODE 40510
#define SPC_TIMEOUT 295130
#define SPC_FILLSIZEPROMILLE 200910
#define SPCM_X0_MODE 600200
#define SPC_FUNCTION_DEFTRANSFER 100000000

/* Commands and status */
#define M2CMD_CARD_RESET 0x00000001
#define M2CMD_CARD_WRITESETUP 0x00000002
#define M2CMD_CARD_START 0x00000004
#define M2CMD_CARD_ENABLETRIGGER 0x00000008
#define M2CMD_CARD_FORCETRIGGER 0x00000010
#define M2CMD_CARD_DISABLETRIGGER 0x00000020
#define M2CMD_CARD_STOP 0x00000040
#define M2CMD_CARD_WAITREADY 0x00004000
#define M2CMD_DATA_STARTDMA 0x00010000
#define M2CMD_DATA_WAITDMA 0x00020000
#define M2CMD_DATA_STOPDMA 0x00040000
#define M2STAT_CARD_TRIGGER 0x00000002
#define M2STAT_CARD_READY 0x00000004
#define M2STAT_DATA_BLOCKREADY 0x00000100
#define M2STAT_DATA_END 0x00000200
#define M2STAT_DATA_OVERRUN 0x00000400

/* Modes, types, masks */
#define SPC_REC_FIFO_GATE 0x00000040
#define SPC_REP_FIFO_SINGLE 0x00000800
#define SPCM_TYPE_AI 0x01
#define SPCM_TYPE_AO 0x02
#define SPCM_FEAT_GATE 0x00000002
#define SPC_TMASK_SOFTWARE 0x00000001
#define SPC_TMASK_EXT0 0x00000002
#define SPC_TM_POS 0x00000001
#define SPC_TM_HIGH 0x00000008
#define SPC_CM_INTPLL 0x00000001
#define SPCM_XMODE_DIGOUT 0x00000008
#define SPCM_XMODE_DIGOUTSRC_CH0 0x01000000
#define SPCM_XMODE_DIGOUTSRC_BIT15 0x00100000
#define SPCM_BUF_DATA 1000
#define SPCM_DIR_PCTOCARD 0
#define SPCM_DIR_CARDTOPC 1
#define TYP_M2P6536_X4 0x00096536
#define TYP_M2P5933_X4 0x00095933

/* Errors */
#define ERR_OK 0x0000
#define ERR_INVALIDHANDLE 0x0009
#define ERR_BOARDNOTFOUND 0x000A
#define ERR_BOARDINUSE 0x000B
#define ERR_INVALIDPARAM 0x0046
#define ERR_REG 0x0100
#define ERR_VALUE 0x0101
#define ERR_SEQUENCE 0x0103
#define ERR_TIMEOUT 0x0107
#define ERR_NOWRITEALLOWED 0x010A
#define ERR_NOTIFYSIZE 0x0111
#define ERR_RUNNING 0x0120
#define ERR_DIRMISMATCH 0x0141
#define ERR_FIFOHWOVERRUN 0x0301

#ifdef __cplusplus
}
#endif

#endif
