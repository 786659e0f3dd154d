"""Makes ``vi_VN-tone-x_low.onnx`` and its ``.onnx.json``: a stand-in Piper voice for the tests.

It is no voice: the model answers each phoneme id Piper gives it with 256 samples of a 440 Hz
tone at 16 kHz, so a longer text gives a longer sound, and the real ``piper`` program runs it
like any voice (espeak-ng phonemes, onnxruntime, its WAV). Run it with the ``onnx`` package:
``python banso/lingo/tests/data/make_tone_voice.py``.
"""

import json
import math
from pathlib import Path

import onnx
from onnx import TensorProto, helper

HERE = Path(__file__).resolve().parent
NAME = "vi_VN-tone-x_low.onnx"
SAMPLE_RATE = 16000
SAMPLES_PER_ID = 256


def model() -> onnx.ModelProto:
    nodes = [
        helper.make_node("Shape", ["input"], ["shape"]),
        helper.make_node("ReduceProd", ["shape"], ["ids"], keepdims=1),
        helper.make_node("Mul", ["ids", "hop"], ["samples"]),
        helper.make_node("Squeeze", ["samples", "axis0"], ["samples_scalar"]),
        helper.make_node("Cast", ["samples_scalar"], ["limit"], to=TensorProto.FLOAT),
        helper.make_node("Range", ["zero", "limit", "one"], ["t"]),
        helper.make_node("Mul", ["t", "omega"], ["phase"]),
        helper.make_node("Sin", ["phase"], ["wave"]),
        helper.make_node("Mul", ["wave", "gain"], ["quiet"]),
        helper.make_node("Reshape", ["quiet", "out_shape"], ["output"]),
    ]
    constants = [
        helper.make_tensor("hop", TensorProto.INT64, [1], [SAMPLES_PER_ID]),
        helper.make_tensor("axis0", TensorProto.INT64, [1], [0]),
        helper.make_tensor("zero", TensorProto.FLOAT, [], [0.0]),
        helper.make_tensor("one", TensorProto.FLOAT, [], [1.0]),
        helper.make_tensor("omega", TensorProto.FLOAT, [], [2 * math.pi * 440 / SAMPLE_RATE]),
        helper.make_tensor("gain", TensorProto.FLOAT, [], [0.5]),
        helper.make_tensor("out_shape", TensorProto.INT64, [3], [1, 1, -1]),
    ]
    inputs = [
        helper.make_tensor_value_info("input", TensorProto.INT64, [1, None]),
        helper.make_tensor_value_info("input_lengths", TensorProto.INT64, [1]),
        helper.make_tensor_value_info("scales", TensorProto.FLOAT, [3]),
    ]
    outputs = [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 1, None])]
    graph = helper.make_graph(nodes, "tone", inputs, outputs, constants)
    made = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    made.ir_version = 8
    onnx.checker.check_model(made)
    return made


def config() -> dict:
    symbols = (
        "abcdefghijklmnopqrstuvwxyzɐɑɒæɓβɔɕçɗɖðəɛɜɟɡɣɤɦħɨɪɲŋɳɯɰɹɾʂʃʈʉʊʋʌʎʐʒʔˈˌːʰʷ̪̃0123456789,.;:!?"
    )
    phoneme_ids = {"_": [0], "^": [1], "$": [2], " ": [3]}
    for index, symbol in enumerate(dict.fromkeys(symbols)):
        phoneme_ids[symbol] = [index + 4]
    return {
        "audio": {"sample_rate": SAMPLE_RATE},
        "espeak": {"voice": "vi"},
        "language": {"code": "vi_VN"},
        "inference": {"noise_scale": 0.667, "length_scale": 1, "noise_w": 0.8},
        "phoneme_type": "espeak",
        "phoneme_id_map": phoneme_ids,
        "num_symbols": len(phoneme_ids),
        "num_speakers": 1,
        "speaker_id_map": {},
    }


if __name__ == "__main__":
    onnx.save(model(), HERE / NAME)
    (HERE / f"{NAME}.json").write_text(json.dumps(config(), ensure_ascii=False, indent=1))
