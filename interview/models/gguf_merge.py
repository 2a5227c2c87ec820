"""A GGUF model with a GGUF LoRA adapter merged into its weights (W + alpha/r * B @ A), for llama.cpp.

Why: llama.cpp applies a runtime adapter as extra operations on every adapted matrix (two small matrix
products, a scale and an add per projection), which for SmolLM2's 7 adapted projections in each of 30 layers
more than doubles the operations of a decoding step; merged, a token costs what the bare model's does.

The adapter GGUF (training/generator/convert_adapter_gguf.py, llama.cpp's own converter) already carries
llama.cpp's tensor names and row order, so the merge is a sum per tensor. Adapted tensors are written as
float32 (the base dequantized exactly, plus the delta); every other tensor is copied as it is. The caller
quantizes the result with llama.cpp (llama_backend.merged_model_file), as the unmerged base is.
"""
from __future__ import annotations

from pathlib import Path

LORA_A, LORA_B = ".lora_a", ".lora_b"


def lora_deltas(adapter: Path) -> dict[str, tuple]:
    """{base tensor name: (B, A, scale)} of a GGUF LoRA adapter, B (n_out, r) and A (r, n_in) as float32 in
    numpy's row order; the delta is scale * B @ A. The scale is llama.cpp's: alpha / rank (1 when the
    adapter records no alpha)."""
    import gguf
    import numpy as np

    reader = gguf.GGUFReader(str(adapter))
    field = reader.fields.get("adapter.lora.alpha")
    alpha = float(field.parts[-1][0]) if field else 0.0
    tensors = {t.name: t for t in reader.tensors}
    pairs = {}
    for name, t in tensors.items():
        if name.endswith(LORA_A):
            base = name[: -len(LORA_A)]
            a = gguf.quants.dequantize(t.data, t.tensor_type).astype(np.float32)
            b_t = tensors[base + LORA_B]
            b = gguf.quants.dequantize(b_t.data, b_t.tensor_type).astype(np.float32)
            pairs[base] = (b, a, alpha / a.shape[0] if alpha else 1.0)
    return pairs


def write_merged(model: Path, adapter: Path, out: Path) -> int:
    """Write `model` with `adapter` merged into `out` (one tensor in memory at a time); returns how many
    tensors changed. Raises ValueError when the adapter adapts a tensor the model lacks, or one of
    another shape."""
    import gguf
    import numpy as np

    pairs = lora_deltas(adapter)
    reader = gguf.GGUFReader(str(model))
    by_name = {t.name: t for t in reader.tensors}
    if missing := sorted(set(pairs) - set(by_name)):
        raise ValueError(f"The adapter {adapter} adapts tensors that {model} does not have: {missing[:3]}")
    arch = bytes(reader.fields["general.architecture"].parts[-1]).decode()
    writer = gguf.GGUFWriter(str(out), arch=arch, endianess=reader.endianess)
    for field in reader.fields.values():
        if field.name == gguf.Keys.General.ARCHITECTURE or field.name.startswith("GGUF."):
            continue   # written by GGUFWriter itself
        kind = field.types[0]
        writer.add_key_value(field.name, field.contents(), kind,
                             sub_type=field.types[-1] if kind == gguf.GGUFValueType.ARRAY else None)
    for t in reader.tensors:
        if t.name in pairs:
            shape = tuple(int(n) for n in reversed(t.shape))          # numpy order: (n_out, n_in)
            b, a, _ = pairs[t.name]
            if shape != (b.shape[0], a.shape[1]):
                raise ValueError(f"{t.name}: the model's is {shape}, the adapter's {(b.shape[0], a.shape[1])}")
            writer.add_tensor_info(t.name, shape, np.dtype(np.float32), 4 * shape[0] * shape[1],
                                   gguf.GGMLQuantizationType.F32)
        else:
            writer.add_tensor_info(t.name, t.data.shape, t.data.dtype, t.data.nbytes, t.tensor_type)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_ti_data_to_file()
    for t in reader.tensors:
        data = t.data
        if t.name in pairs:
            b, a, scale = pairs[t.name]
            data = gguf.quants.dequantize(t.data, t.tensor_type).astype(np.float32) + np.float32(scale) * (b @ a)
        writer.write_tensor_data(data, tensor_endianess=reader.endianess)
    writer.close()
    return len(pairs)
