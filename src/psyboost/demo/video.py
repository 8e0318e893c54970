"""A tiny playable MP4 for the demo's 活动短视频, written without an encoder: H.264 with uncompressed macroblocks.

Each scene is one IDR picture whose macroblocks are all I_PCM (the raw samples, which every H.264 decoder must
accept), held for a second by P pictures that skip every macroblock. The stream is Constrained Baseline, wrapped in
a minimal ISO BMFF file (ftyp, moov before mdat so it plays while loading). 128 × 96, 5 frames a second, about
18 KB per scene.
"""

import struct

from PIL import Image

WIDTH, HEIGHT = 128, 96
FPS = 5
TIMESCALE = 1000
PROFILE, CONSTRAINTS, LEVEL = 66, 0xC0, 30  # Constrained Baseline, level 3.0


class Bits:
    """An RBSP being written bit by bit: u(n), ue(v), se(v) as the H.264 syntax names them."""

    def __init__(self):
        self.bits: list[int] = []
        self.raw = bytearray()

    def u(self, count: int, value: int) -> None:
        self.bits.extend((value >> shift) & 1 for shift in range(count - 1, -1, -1))

    def ue(self, value: int) -> None:
        code = value + 1
        self.u(code.bit_length() - 1, 0)
        self.u(code.bit_length(), code)

    def se(self, value: int) -> None:
        self.ue(2 * value - 1 if value > 0 else -2 * value)

    def align_zero(self) -> None:
        while len(self.bits) % 8:
            self.bits.append(0)

    def data(self, payload: bytes) -> None:
        """Whole bytes at a byte-aligned position (the samples of an I_PCM macroblock)."""
        self.flush()
        self.raw += payload

    def flush(self) -> None:
        assert len(self.bits) % 8 == 0
        self.raw += bytes(int("".join(map(str, self.bits[i : i + 8])), 2) for i in range(0, len(self.bits), 8))
        self.bits = []

    def rbsp(self) -> bytes:
        self.u(1, 1)  # rbsp_stop_one_bit
        self.align_zero()
        self.flush()
        return bytes(self.raw)


def nal(header: int, rbsp: bytes) -> bytes:
    """The NAL unit: its header byte and the RBSP with emulation-prevention bytes inserted."""
    out, zeros = bytearray([header]), 0
    for byte in rbsp:
        if zeros >= 2 and byte <= 3:
            out.append(3)
            zeros = 0
        out.append(byte)
        zeros = zeros + 1 if byte == 0 else 0
    return bytes(out)


def sps() -> bytes:
    bits = Bits()
    bits.u(8, PROFILE)
    bits.u(8, CONSTRAINTS)
    bits.u(8, LEVEL)
    bits.ue(0)  # seq_parameter_set_id
    bits.ue(0)  # log2_max_frame_num_minus4: frame_num has 4 bits
    bits.ue(2)  # pic_order_cnt_type 2: output order is decoding order
    bits.ue(1)  # max_num_ref_frames
    bits.u(1, 0)  # gaps_in_frame_num_value_allowed_flag
    bits.ue(WIDTH // 16 - 1)
    bits.ue(HEIGHT // 16 - 1)
    bits.u(1, 1)  # frame_mbs_only_flag
    bits.u(1, 1)  # direct_8x8_inference_flag
    bits.u(1, 0)  # frame_cropping_flag
    bits.u(1, 0)  # vui_parameters_present_flag
    return nal(0x67, bits.rbsp())


def pps() -> bytes:
    bits = Bits()
    bits.ue(0)  # pic_parameter_set_id
    bits.ue(0)  # seq_parameter_set_id
    bits.u(1, 0)  # entropy_coding_mode_flag: CAVLC
    bits.u(1, 0)  # bottom_field_pic_order_in_frame_present_flag
    bits.ue(0)  # num_slice_groups_minus1
    bits.ue(0)  # num_ref_idx_l0_default_active_minus1
    bits.ue(0)  # num_ref_idx_l1_default_active_minus1
    bits.u(1, 0)  # weighted_pred_flag
    bits.u(2, 0)  # weighted_bipred_idc
    bits.se(0)  # pic_init_qp_minus26
    bits.se(0)  # pic_init_qs_minus26
    bits.se(0)  # chroma_qp_index_offset
    bits.u(1, 1)  # deblocking_filter_control_present_flag
    bits.u(1, 0)  # constrained_intra_pred_flag
    bits.u(1, 0)  # redundant_pic_cnt_present_flag
    return nal(0x68, bits.rbsp())


def _planes(image: Image.Image) -> tuple[bytes, bytes, bytes]:
    """Y, Cb, Cr in the video range (16–235, 16–240) that H.264 assumes; chroma at half size (4:2:0)."""
    ycbcr = image.convert("RGB").resize((WIDTH, HEIGHT)).convert("YCbCr")
    luma, cb, cr = ycbcr.split()
    luma = luma.point(lambda value: 16 + value * 219 // 255)
    cb, cr = (plane.point(lambda value: 16 + value * 224 // 255) for plane in (cb, cr))
    half = (WIDTH // 2, HEIGHT // 2)
    return luma.tobytes(), cb.resize(half, Image.BOX).tobytes(), cr.resize(half, Image.BOX).tobytes()


def idr_picture(image: Image.Image, idr_id: int) -> bytes:
    luma, cb, cr = _planes(image)
    bits = Bits()
    bits.ue(0)  # first_mb_in_slice
    bits.ue(7)  # slice_type: I, every slice of the picture
    bits.ue(0)  # pic_parameter_set_id
    bits.u(4, 0)  # frame_num
    bits.ue(idr_id % 65536)  # idr_pic_id: differs between consecutive IDR pictures
    bits.u(1, 0)  # no_output_of_prior_pics_flag
    bits.u(1, 0)  # long_term_reference_flag
    bits.se(0)  # slice_qp_delta
    bits.ue(1)  # disable_deblocking_filter_idc: off
    half = WIDTH // 2
    for mb_y in range(HEIGHT // 16):
        for mb_x in range(WIDTH // 16):
            bits.ue(25)  # mb_type I_PCM
            bits.align_zero()
            samples = bytearray()
            for row in range(16):
                start = (mb_y * 16 + row) * WIDTH + mb_x * 16
                samples += luma[start : start + 16]
            for plane in (cb, cr):
                for row in range(8):
                    start = (mb_y * 8 + row) * half + mb_x * 8
                    samples += plane[start : start + 8]
            bits.data(bytes(samples))
    return nal(0x65, bits.rbsp())


def skipped_picture(frame_num: int) -> bytes:
    """A P picture that repeats the previous one: every macroblock skipped."""
    bits = Bits()
    bits.ue(0)  # first_mb_in_slice
    bits.ue(5)  # slice_type: P, every slice of the picture
    bits.ue(0)  # pic_parameter_set_id
    bits.u(4, frame_num % 16)
    bits.u(1, 0)  # num_ref_idx_active_override_flag
    bits.u(1, 0)  # ref_pic_list_modification_flag_l0
    bits.u(1, 0)  # adaptive_ref_pic_marking_mode_flag
    bits.se(0)  # slice_qp_delta
    bits.ue(1)  # disable_deblocking_filter_idc
    bits.ue((WIDTH // 16) * (HEIGHT // 16))  # mb_skip_run: all of them
    return nal(0x41, bits.rbsp())


def box(kind: bytes, *parts: bytes) -> bytes:
    payload = b"".join(parts)
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def full_box(kind: bytes, version: int, flags: int, *parts: bytes) -> bytes:
    return box(kind, struct.pack(">I", (version << 24) | flags), *parts)


MATRIX = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)


def _moov(sizes: list[int], sync: list[int], data_offset: int, sps_nal: bytes, pps_nal: bytes) -> bytes:
    count, delta = len(sizes), TIMESCALE // FPS
    duration = count * delta
    avcc = box(
        b"avcC",
        bytes([1, PROFILE, CONSTRAINTS, LEVEL, 0xFF, 0xE1]),
        struct.pack(">H", len(sps_nal)) + sps_nal,
        b"\x01" + struct.pack(">H", len(pps_nal)) + pps_nal,
    )
    avc1 = box(
        b"avc1",
        b"\x00" * 6 + struct.pack(">H", 1) + b"\x00" * 16,
        struct.pack(">HHIIIH", WIDTH, HEIGHT, 0x480000, 0x480000, 0, 1),
        b"\x00" * 32 + struct.pack(">Hh", 0x18, -1),
        avcc,
    )
    stbl = box(
        b"stbl",
        full_box(b"stsd", 0, 0, struct.pack(">I", 1), avc1),
        full_box(b"stts", 0, 0, struct.pack(">III", 1, count, delta)),
        full_box(b"stss", 0, 0, struct.pack(f">I{len(sync)}I", len(sync), *sync)),
        full_box(b"stsc", 0, 0, struct.pack(">IIII", 1, 1, count, 1)),
        full_box(b"stsz", 0, 0, struct.pack(f">II{count}I", 0, count, *sizes)),
        full_box(b"stco", 0, 0, struct.pack(">II", 1, data_offset)),
    )
    minf = box(
        b"minf",
        full_box(b"vmhd", 0, 1, b"\x00" * 8),
        box(b"dinf", full_box(b"dref", 0, 0, struct.pack(">I", 1), full_box(b"url ", 0, 1))),
        stbl,
    )
    mdia = box(
        b"mdia",
        full_box(b"mdhd", 0, 0, struct.pack(">IIIIHH", 0, 0, TIMESCALE, duration, 0x55C4, 0)),
        full_box(b"hdlr", 0, 0, b"\x00" * 4 + b"vide" + b"\x00" * 12 + b"VideoHandler\x00"),
        minf,
    )
    tkhd = full_box(
        b"tkhd", 0, 3, struct.pack(">IIII", 0, 0, 1, 0), struct.pack(">I", duration), b"\x00" * 8,
        struct.pack(">hhhH", 0, 0, 0, 0), MATRIX, struct.pack(">II", WIDTH << 16, HEIGHT << 16),
    )  # fmt: skip
    mvhd = full_box(
        b"mvhd", 0, 0, struct.pack(">IIII", 0, 0, TIMESCALE, duration), struct.pack(">IH", 0x10000, 0x100),
        b"\x00" * 10, MATRIX, b"\x00" * 24, struct.pack(">I", 2),
    )  # fmt: skip
    return box(b"moov", mvhd, box(b"trak", tkhd, mdia))


def mp4(scenes: list[Image.Image], seconds_each: int = 1) -> bytes:
    """A video showing each scene for ``seconds_each`` seconds."""
    samples, sync = [], []
    for index, scene in enumerate(scenes):
        sync.append(len(samples) + 1)
        samples.append(idr_picture(scene, index))
        samples += [skipped_picture(frame) for frame in range(1, FPS * seconds_each)]
    avcc_samples = [struct.pack(">I", len(sample)) + sample for sample in samples]
    sizes = [len(sample) for sample in avcc_samples]
    ftyp = box(b"ftyp", b"isom", struct.pack(">I", 0x200), b"isomiso2avc1mp41")
    sps_nal, pps_nal = sps(), pps()
    moov_size = len(_moov(sizes, sync, 0, sps_nal, pps_nal))
    moov = _moov(sizes, sync, len(ftyp) + moov_size + 8, sps_nal, pps_nal)
    return ftyp + moov + box(b"mdat", *avcc_samples)
