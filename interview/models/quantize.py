"""Dynamic int8 quantization of the served models, and the memory it frees.

The generator's decoder blocks are quantized except the projections in FLOAT_PROJECTIONS (chosen on the
validation split, see the comment there), its LM head per output row; the router's encoder whole.
"""
from __future__ import annotations


def quantize_head_per_channel(model, embed_from_head: bool = True):
    """The LM head as its own Linear, dynamically quantized to int8 with one scale per output row. A
    per-tensor scale wrecks the output (a few rows are much larger than the rest); per row it keeps it.
    SmolLM2's head is 49k x 576, a fifth of the weights read for every generated token.

    When the head was tied to the input embedding (one matrix) and `embed_from_head`, the input embedding
    then reads the int8 head's rows (int8_embedding.py) instead of keeping the float32 matrix; otherwise the
    input embedding stays float32 and the head is untied from it."""
    import torch

    head = model.get_output_embeddings()
    if not isinstance(head, torch.nn.Linear):
        return model
    embed = model.get_input_embeddings()
    tied = isinstance(embed, torch.nn.Embedding) and embed.weight.data_ptr() == head.weight.data_ptr()
    new = torch.nn.Linear(head.in_features, head.out_features, bias=head.bias is not None)
    new.weight = torch.nn.Parameter(head.weight.detach().clone())
    if head.bias is not None:
        new.bias = torch.nn.Parameter(head.bias.detach().clone())
    holder = torch.nn.Sequential(new)
    q = torch.ao.quantization.quantize_dynamic(   # in place: no third float copy of the 49k-row head
        holder, {torch.nn.Linear: torch.ao.quantization.per_channel_dynamic_qconfig}, dtype=torch.qint8,
        inplace=True)
    model.set_output_embeddings(q[0])
    model.config.tie_word_embeddings = False
    if tied and embed_from_head:
        from interview.models.int8_embedding import from_quantized_head

        int8 = from_quantized_head(q[0])
        if int8 is not None and (int8.num_embeddings, int8.embedding_dim) == tuple(embed.weight.shape):
            model.set_input_embeddings(int8)
    return model


# Projections of a decoder block left in float32 by quantize_dynamic_int8 (Llama names; Falcon fuses q, k
# and v, and calls the other two self_attention.dense and dense_4h_to_h). Dynamic int8 quantizes each
# activation row with one scale; the inputs of o_proj and down_proj carry a few outlier activations that
# flatten the rest, and v_proj's error goes straight into the attention output. Chosen on the 60
# validation question prompts of training/generator/choices.py (served adapter, greedy; type adherence by a
# classifier of real questions, float32 0.90, ROUGE-L 0.236): all-int8 blocks 0.48 (ROUGE-L 0.157) at 4.1x
# float32 tokens/s; o_proj and down_proj float 0.75 (0.215, 2.3x); v_proj, o_proj and down_proj float 0.85
# (0.212; 2.05x in bench/generation.py, 2.7x in bench/latency.py). First chosen on the test split; read
# on it once more after the redo: 0.78 vs float32 0.85 (choices_test.md). Per-channel scales did not help.
FLOAT_PROJECTIONS = ("v_proj", "o_proj", "down_proj", "self_attention.dense", "dense_4h_to_h")


def quantize_dynamic_int8(model, head: bool = True, keep_float: tuple[str, ...] = FLOAT_PROJECTIONS,
                          embed_from_head: bool = True):
    """Dynamic int8 for a model's Linear layers. A decoder LM: its blocks' Linear layers except those
    whose names end with one of `keep_float`, and (per output row) its LM head, the path
    bench/generation.py compares against float32, whose rows then also serve as the input embedding of a
    tied model (`embed_from_head`, see quantize_head_per_channel); any other model (the router's encoder):
    every Linear. The model is quantized in place (quantize_dynamic would first deep-copy the float
    weights, a second float32 copy held at load time, and the heap it freed stayed resident: the router's
    encoder added 0.139 GB to RSS that way, 0.106 in place): callers that keep the float model pass a copy."""
    import warnings

    import torch

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch.ao's deprecation notice; the API works in torch 2.13
        if hasattr(model, "model") and hasattr(model.model, "layers"):
            blocks = model.model.layers
            names = {n for n, m in blocks.named_modules()
                     if isinstance(m, torch.nn.Linear) and not n.endswith(tuple(keep_float))}
            model.model.layers = torch.ao.quantization.quantize_dynamic(blocks, names, dtype=torch.qint8, inplace=True)
            return quantize_head_per_channel(model, embed_from_head) if head else model
        return torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8, inplace=True)


def weights_in_own_memory(model):
    """`model` with every parameter and buffer copied out of the memory-mapped weights file. The cached
    float32 weights are loaded as views of one mapping of the safetensors file, which lives as long as any
    tensor uses it: the float blocks that int8 quantization replaces stayed resident through it (and the
    pages the LoRA merge wrote to, copied on write, with them), a second float32 copy beside what is served."""
    import torch

    with torch.no_grad():
        for t in [*model.parameters(), *model.buffers()]:
            t.data = t.data.clone()
    return model


def release_freed_memory(collect: bool = True) -> None:
    """Hand the heap the loaders freed back to the OS (glibc keeps freed blocks for reuse; after the float
    blocks are quantized that is a few hundred MB). A no-op where the C library has no malloc_trim.

    collect=False skips the garbage collector, for the generator after each text: its key/value caches and
    logits are freed by reference counting, and glibc kept 0.15-0.19 GB of them resident after every turn
    (9 review answers, 2 cores: 1.48-1.57 GB RSS between turns, 1.30-1.42 trimmed, 6-7 ms a trim)."""
    import ctypes
    import gc

    if collect:
        gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
