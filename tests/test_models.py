import pytest
import torch

from playground.config import ModelConfig
from playground.models import CORES, build_model


@pytest.mark.parametrize("cell", ["RNN", "LSTM", "GRU"])
@pytest.mark.parametrize("batch_first", [True, False])
@pytest.mark.parametrize("bidirectional", [True, False])
def test_core_state_dict_loads_into_plain_torch_module(cell, batch_first, bidirectional):
    cfg = ModelConfig(cell=cell, hidden_size=5, num_layers=2, bidirectional=bidirectional,
                      batch_first=batch_first, nonlinearity="relu")
    model = build_model(cfg, input_size=3, output_size=2, tokens=False, seed=0).eval()
    kwargs = dict(nonlinearity="relu") if cell == "RNN" else {}
    plain = CORES[cell](3, 5, num_layers=2, batch_first=batch_first, bidirectional=bidirectional, **kwargs)
    plain.load_state_dict(model.core.state_dict())
    x = torch.randn(4, 6, 3)  # (N, L, H_in), the tasks' layout
    y, _ = model(x)
    out, _ = plain(x if batch_first else x.transpose(0, 1))
    out = out if batch_first else out.transpose(0, 1)
    assert torch.allclose(y, model.head(out), atol=1e-6)
    assert y.shape == (4, 6, 2)


def test_same_seed_same_weights_and_different_seed_differs():
    cfg = ModelConfig(cell="LSTM", hidden_size=8)
    a, b, c = (build_model(cfg, 4, 4, True, seed) for seed in (1, 1, 2))
    torch.manual_seed(123)  # the process-wide RNG must not matter
    for (name, pa), pb, pc in zip(a.named_parameters(), b.parameters(), c.parameters(), strict=True):
        assert torch.equal(pa, pb), name
        assert not torch.equal(pa, pc), name


def test_token_encodings():
    one_hot = build_model(ModelConfig(embedding_dim=0), 7, 7, tokens=True, seed=0)
    embedded = build_model(ModelConfig(embedding_dim=5), 7, 7, tokens=True, seed=0)
    ids = torch.tensor([[0, 6, 3]])
    assert one_hot.encode(ids).shape == (1, 3, 7)
    assert embedded.encode(ids).shape == (1, 3, 5)
    assert embedded.core.input_size == 5


def test_default_init_matches_torch_bounds():
    model = build_model(ModelConfig(hidden_size=16), 1, 1, tokens=False, seed=0)
    for p in model.core.parameters():
        assert p.abs().max() <= 1 / 16**0.5


@pytest.mark.parametrize("value", [1.0, 2.5])
def test_forget_bias_starts_every_lstm_layer_and_direction_at_it(value):
    cfg = ModelConfig(cell="LSTM", hidden_size=4, num_layers=2, bidirectional=True, forget_bias=value)
    core = build_model(cfg, 3, 2, tokens=False, seed=0).core
    for layer, suffix in [(0, ""), (0, "_reverse"), (1, ""), (1, "_reverse")]:
        b_ih, b_hh = getattr(core, f"bias_ih_l{layer}{suffix}"), getattr(core, f"bias_hh_l{layer}{suffix}")
        assert torch.equal(b_ih[4:8] + b_hh[4:8], torch.full((4,), value))  # gates i, f, g, o: f is 4:8
    torch_init = build_model(ModelConfig(cell="LSTM", hidden_size=4, num_layers=2, bidirectional=True), 3, 2,
                             tokens=False, seed=0).core
    assert torch.equal(core.bias_ih_l0[:4], torch_init.bias_ih_l0[:4])  # the other gates keep torch's init


def test_forget_bias_zero_keeps_torchs_init_and_touches_only_lstm():
    plain = build_model(ModelConfig(cell="LSTM", hidden_size=4), 3, 2, tokens=False, seed=0).core
    assert plain.bias_hh_l0[4:8].abs().sum() > 0
    gru = build_model(ModelConfig(cell="GRU", hidden_size=4, forget_bias=1.0), 3, 2, tokens=False, seed=0).core
    assert torch.equal(gru.bias_ih_l0, build_model(ModelConfig(cell="GRU", hidden_size=4), 3, 2, tokens=False,
                                                   seed=0).core.bias_ih_l0)


def test_without_a_linear_head_the_top_layers_state_is_the_prediction():
    cfg = ModelConfig(cell="RNN", hidden_size=4, linear_head=False)
    model = build_model(cfg, 4, 4, tokens=True, seed=0)
    x = torch.tensor([[0, 1, 2, 2, 3]])
    y, _ = model(x)
    out, _ = model.core(model.encode(x))
    assert torch.equal(y, out) and not isinstance(model.head, torch.nn.Linear)
    with pytest.raises(ValueError, match="one unit per output"):
        build_model(ModelConfig(hidden_size=8, linear_head=False), 4, 4, tokens=True, seed=0)
