"""MP3 for the village loudspeakers: mono, 48 kbit/s, 22.05 kHz.

The receivers on the poles are small 4G radios that download each bulletin: 48 kbit/s mono is
6 KB a second (a five-minute bulletin is under 2 MB on a slow, dear connection) and is clear
for speech; 22.05 kHz keeps everything a voice needs (up to 11 kHz) and is espeak-ng's own rate.
At that rate MP3 is MPEG-2 Layer III, which every decoder plays. The encoder is LAME, in this
process, through the ``lameenc`` package (its wheels carry LAME: no program to install).

:func:`banso.common.mp3.mp3_inspect` reads the frames of any MP3 back (its sample rate,
channels, bit rate and exact duration): the tests check the encoder with it, and an app that
accepts a recorded bulletin checks the upload with it.
"""

import lameenc
import numpy

BITRATE_KBPS = 48
SAMPLE_RATE = 22050
CHANNELS = 1
# LAME's quality switch: 2 is near its best, 7 fast; speech at 48 kbit/s gains little past 5.
ENCODER_QUALITY = 5


class Mp3Writer:
    """Mono 16-bit PCM in, MP3 out, a piece at a time so that a long bulletin is never held
    as raw samples. Every piece must have the sample rate of the first: LAME resamples it to
    :data:`SAMPLE_RATE`."""

    def __init__(self) -> None:
        self._encoder: lameenc.Encoder | None = None
        self._input_rate = 0
        self._parts: list[bytes] = []

    def write(self, pcm: bytes, sample_rate: int) -> None:
        if self._encoder is None:
            encoder = lameenc.Encoder()
            encoder.set_bit_rate(BITRATE_KBPS)
            encoder.set_in_sample_rate(sample_rate)
            encoder.set_out_sample_rate(SAMPLE_RATE)
            encoder.set_channels(CHANNELS)
            encoder.set_quality(ENCODER_QUALITY)
            self._encoder, self._input_rate = encoder, sample_rate
        elif sample_rate != self._input_rate:
            raise ValueError(f"{sample_rate} Hz after {self._input_rate} Hz")
        if pcm:
            self._parts.append(bytes(self._encoder.encode(pcm)))

    def write_silence(self, seconds: float) -> None:
        if self._encoder is not None and seconds > 0:
            self.write(bytes(2 * round(seconds * self._input_rate)), self._input_rate)

    def finish(self) -> bytes:
        if self._encoder is not None:
            self._parts.append(bytes(self._encoder.flush()))
        return b"".join(self._parts)


def mp3_from_pcm(pcm: bytes, *, sample_rate: int, channels: int) -> bytes:
    """16-bit little-endian PCM (mono, or stereo interleaved) as the loudspeakers' MP3: mono,
    48 kbit/s, 22.05 kHz. A person's recording made elsewhere (a WAV from a browser or a
    phone) goes through the same encoder as the voices, so every file a receiver gets is
    alike. Stereo is mixed down to mono, each sample the mean of its two channels."""
    if channels not in (1, 2):
        raise ValueError(f"{channels} channels: mono or stereo only")
    if channels == 2:
        frames = numpy.frombuffer(pcm, dtype="<i2")[: len(pcm) // 4 * 2].reshape(-1, 2)
        mixed = (frames.astype(numpy.int32).sum(axis=1) // 2).astype("<i2")
        pcm = mixed.tobytes()
    writer = Mp3Writer()
    writer.write(pcm, sample_rate)
    return writer.finish()
