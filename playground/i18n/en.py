"""English: every word of the interface, keyed. Templates take values with str.format ("{step:,}")."""

STRINGS: dict[str, str] = {
    # --- pages and navigation ---------------------------------------------------------------------------
    "page.playground": "Playground",
    "page.hidden_states": "Hidden states",
    "page.unrolled_graph": "Unrolled graph",
    "page.gradients": "Gradients",
    "page.cell_anatomy": "Cell anatomy",
    "page.walk_through": "Walk through time",
    # --- lecture mode -----------------------------------------------------------------------------------
    "scene.menu": "Scenes",
    "scene.heading": "Scene {number} of {total}: {title}",
    "scene.previous": "Previous scene",
    "scene.previous.help": "The lesson before this one (PageUp or P).",
    "scene.next": "Next scene",
    "scene.next.help": "The next lesson (PageDown or N, as a presentation clicker sends).",
    "scene.pretraining": "Training the scene's model: 0 of {steps} steps…",
    "scene.pretraining_done": "Training the scene's model: {step} of {steps} steps…",
    "present.toggle": "Presenter view",
    "present.help": ("For a projector: no sidebar, larger text, the scene's figure in view. The link keeps it "
                     "(`present=1`)."),
    "keys.label": "Keys",
    "keys.help": "Keyboard shortcuts (?)",
    "keys.title": "**Keys** (not while typing in a field)",
    "keys.key": "key",
    "keys.does": "does",
    "keys.train": "Train or pause",
    "keys.step": "one optimizer step",
    "keys.next": "next scene",
    "keys.previous": "previous scene",
    "keys.reset": "reset the model",
    "keys.help_key": "show or hide this list",
    # --- walk through time ----------------------------------------------------------------------------
    "walk.caption": ("One time step at a time: the unrolled graph lights step t, the hidden state's path marks h_t, "
                     "and the equations show the numbers of that step. Step by hand, or play it slowly."),
    "walk.slowness": "slowness while playing",
    "walk.seconds": "{seconds} s a step",
    "walk.back": "t − 1",
    "walk.on": "t + 1",
    "walk.play": "Play",
    "walk.pause": "Pause",
    "walk.at": "**t = {t}** of 0 … {last} · input **{symbol}** · {where}",
    "walk.trajectory": "h_t of {where}, the point at t",
    "page.bidirectional_leak": (
        "Bidirectional on next-character prediction: the reverse pass reads x[t+1], the very character it is "
        "asked to predict at step t, so the loss falls towards 0 without the model learning the language, and "
        "samples (which have no future to read) stay poor. Turn bidirectional off for a real language model."),
    # --- the training bar ---------------------------------------------------------------------------------
    "bar.train": "Train",
    "bar.train.help": "Train live at the chosen pace.",
    "bar.pause": "Pause",
    "bar.pause.help": "Stop training; the model keeps its weights.",
    "bar.step": "Step",
    "bar.step.help": "One optimizer step, then pause.",
    "bar.reset": "Reset",
    "bar.reset.help": "Re-initialise with the same seed.",
    "bar.pace": "pace",
    "bar.pace.help": ("Optimizer steps a second. At 1/s and 10/s every step is drawn; max trains as fast as "
                      "this machine can."),
    "bar.pace.rate": "{rate}/s",
    "bar.pace.max": "max",
    # --- the settings -------------------------------------------------------------------------------------
    "set.section.model": "Model",
    "set.section.more": "More model settings",
    "set.section.training": "Training",
    "set.task": "Task",
    "set.task.help": "What the network learns. Each task starts from settings that train it well.",
    "set.cell": "Cell",
    "set.hidden_size": "hidden_size",
    "set.hidden_size.help": "H_out: units in each layer and direction.",
    "set.num_layers": "num_layers",
    "set.num_layers.help": "Recurrent layers stacked: each reads the h_t of the layer below.",
    "set.nonlinearity": "nonlinearity",
    "set.nonlinearity.help": "RNN only: LSTM and GRU use fixed gate activations.",
    "set.bidirectional": "bidirectional",
    "set.bidirectional.help": ("D = 2: a second pass reads the sequence backwards. Not for sequence to sequence: "
                               "its decoder writes one symbol after another, forwards."),
    "set.bias": "bias",
    "set.bias.help": "The b_ih and b_hh terms. Off: every cell is a pure matrix product.",
    "set.batch_first": "batch_first",
    "set.batch_first.help": "Lay the core's input out as (N, L, H_in) instead of (L, N, H_in). Same maths.",
    "set.dropout": "dropout",
    "set.dropout.help": "Between layers, in training only; needs num_layers > 1.",
    "set.forget_bias": "forget-gate bias (LSTM)",
    "set.forget_bias.torch": "torch's init",
    "set.forget_bias.help": (
        "The forget gate's bias at the start. torch draws it at random like every bias (a gate near sigmoid(0) "
        "= 0.5); Keras and TensorFlow start it at 1.0, so an untrained LSTM keeps ~73% of its cell state a step."),
    "set.linear_head": "Linear head",
    "set.linear_head.help": (
        "On: a Linear layer maps each h_t to the outputs (what this playground builds). Off: the classic "
        "tutorial's own model, an RNN whose hidden_size is the number of classes and whose h_t is the prediction "
        "itself (RNNCell(4, 4) for hello -> ohlol). Its outputs stay within (-1, 1) with tanh, and with so few "
        "units some seeds get stuck at 4 of 5 characters: compare the two."),
    "set.embedding_dim": "embedding_dim",
    "set.embedding_dim.help": ("Character tasks: 0 feeds one-hot vectors, otherwise a learned embedding. The sine "
                               "task feeds its numbers as they are."),
    "set.optimizer": "optimizer",
    "set.lr": "learning rate lr",
    "set.lr.help": "Changes live, without a reset.",
    "set.beta2": "beta2 (Adam)",
    "set.beta2.help": (
        "Adam's betas[1]: its average of squared gradients spans about 1 / (1 − beta2) steps. torch's default "
        "is 0.999; at 0.99 the average follows a sudden large gradient within ~100 steps, so no step moves a "
        "weight by much more than lr. Changes live."),
    "set.batch_size": "batch_size",
    "set.batch_size.help": "N: sequences each optimizer step.",
    "set.mapping": "mapping",
    "set.teacher_forcing": "teacher forcing",
    "set.teacher_forcing.help": (
        "In training, the chance that a decoder step is fed the true previous symbol rather than its own guess. "
        "1: always the truth (fast, but it never practises on its own mistakes); 0: always its own guess, as "
        "when it predicts."),
    "set.seq_len": "seq_len",
    "set.seq_len.help": "L: time steps a window.",
    "set.seq_len.fixed.hello": "seq_len (L) = {length}, fixed by this task.",
    "set.seq_len.fixed.memory": ("seq_len (L) = {length}, fixed by this task: the marker (first or second), the "
                                 "symbol, the delay, the cue."),
    "set.seq_len.fixed.seq2seq": "seq_len (L) = {length}, fixed by this task: the longest English entry, left-padded.",
    "set.delay": "delay",
    "set.delay.help": ("Look-alike symbols between the symbol to keep and the recall cue (one more when the "
                       "marker comes first)."),
    "set.validation": "validation share",
    "set.validation.help": (
        "The share of the text, at its end, held out: the model never trains on it, and its loss there (dashed "
        "on the loss curve) shows when the model overfits. 0: none."),
    "set.carry_state": "carry hidden state",
    "set.carry_state.help": "Feed each window's final state into the next window, as the classic tutorial.",
    "set.lr_decay": "lr_decay (steps, 0 = constant lr)",
    "set.lr_decay.help": (
        "Learning rate at step t: lr / (1 + t / lr_decay). A decaying rate lets a trained model settle instead "
        "of drifting off what it learned. Changes live."),
    "set.clip": "gradient clipping (max norm, 0 = off)",
    "set.clip.help": "Changes live, without a reset.",
    "set.stop_at_target": "stop at target",
    "set.stop_at_target.help": "Pause training the first time the task's target is reached. Changes live.",
    "set.seed": "seed",
    "set.seed.help": "Weights and data both follow the seed: a shared link trains the same way.",
    "share.title": "Share this setup",
    "share.caption": ("Whoever opens this link gets every setting and the seed, so it trains the same run. It is "
                      "also this page's address."),
    # --- tasks and mappings -------------------------------------------------------------------------------
    "task.sine": "sine → cosine",
    "task.hello": "hello → ohlol",
    "task.text": "character language model",
    "task.context": "context (arrive / leave Taipei)",
    "task.memory": "long-range memory",
    "task.seq2seq": "sequence to sequence",
    "mapping.reverse": "reverse",
    "mapping.autoencode": "autoencode",
    "mapping.translate": "translate",
    "mapping.reverse.long": "reverse: abcde → edcba",
    "mapping.autoencode.long": "autoencoder: abcde → abcde",
    "mapping.translate.long": "translate: machine learning → 机器学习",
    # --- messages: what the engine and the session say (the code is the key after "msg.") ------------------
    "msg.link_fixed": "Link setting fixed: {what}",
    "msg.default_text_instead": "{why} Using the default text instead.",
    "msg.kept_previous_model": "{why} Kept the previous model.",
    "msg.reinitialised": "Changed {changed}: the model was re-initialised (seed {seed}).",
    "msg.reset_done": "Reset: the model is back at step 0 with seed {seed}.",
    "msg.not_bool": "{name} must be true or false, got {got}",
    "msg.not_choice": "{name} must be one of {choices}, got {got}",
    "msg.not_number": "{name} must be a number, got {got}",
    "msg.not_whole": "{name} must be a whole number, got {got}",
    "msg.out_of_range": "{name} must be between {low} and {high}, got {got}",
    "msg.seq_len_at_least": "seq_len must be at least {shortest} for the task {task}",
    "msg.forwards_only": "the decoder of the task {task} runs forwards only: turn bidirectional off",
    "msg.dropout_needs_layers": "dropout acts between layers, so it needs num_layers > 1",
    "msg.headless_sizes": "without a Linear head, hidden_size must be the number of classes and bidirectional off",
    "msg.too_big": ("This model is too big to train live: one step would take about {ms} ms, and the limit is "
                    "{limit} ms. Make hidden_size, num_layers, batch_size or seq_len smaller, or turn "
                    "bidirectional off."),
    "msg.unknown_task": "Unknown task {got}: using 'sine' (choices: {choices}).",
    "msg.unknown_setting": "Ignored unknown setting {name}.",
    "msg.seq_len_too_short_context": ("seq_len={seq_len} is too short for the context task (the verb and the city "
                                      "take {shortest} steps): using {shortest}."),
    "msg.seq_len_too_short_seq2seq": ("seq_len={seq_len} is too short for sequence to sequence (a sequence to map "
                                      "needs {shortest} steps): using {shortest}."),
    "msg.bidirectional_off": "The decoder of the task {task} writes one symbol after another, forwards only: "
                             "bidirectional off.",
    "msg.dropout_off": "dropout needs num_layers > 1: set to 0.",
    "msg.headless_fitted": ("Without a Linear head the top layer's h_t is the prediction, one unit per class in one "
                            "direction: {changes}."),
    "msg.link_too_big": "The link's model is too big to train live: {changes}.",
    "msg.param_not_bool": "{name}={raw} is not true/false: using {using}.",
    "msg.param_not_choice": "{name}={raw} is not one of {choices}: using {using}.",
    "msg.param_not_number": "{name}={raw} is not a number: using {using}.",
    "msg.param_not_finite": "{name}={raw} is not a finite number: using {using}.",
    "msg.param_out_of_range": "{name}={raw} is outside {low}..{high}: using {using}.",
    "msg.param_not_whole": "{name}={raw} is not a whole number: using {using}.",
    "msg.unknown_task_name": "Unknown task {name}.",
    "msg.not_in_vocabulary": "Not in the vocabulary: {symbols}. Use only symbols the model was trained on.",
    "msg.context_too_short": ("seq_len ({seq_len}) is too short for a sentence: the verb and the city take "
                              "{shortest} steps."),
    "msg.unknown_mapping": "Unknown mapping {mapping}: choose one of {choices}.",
    "msg.seq2seq_too_short": "seq_len={seq_len} leaves nothing to {mapping}: use at least 2.",
    "msg.decoder_forwards_only": "The decoder writes one symbol after another, forwards only: turn bidirectional off.",
    "msg.text_empty": "The text is empty: type or paste some text to learn from.",
    "msg.text_too_long": "The text has {length:,} characters; the limit is {limit:,}. Use a shorter excerpt.",
    "msg.text_too_big_for_link": (
        "The text takes {kb:,} KB in the page's link, and a link holds {limit_kb} KB of text (about {fits:,} "
        "characters of this one), so that a reload or a shared link still opens. Use a shorter excerpt."),
    "msg.text_one_character": "The text needs at least two different characters: there is nothing to predict.",
    "msg.text_seq_len_too_long": ("seq_len ({seq_len}) is longer than the text allows ({steps} steps for {chars} "
                                  "training characters): shorten seq_len or give more text."),
    "msg.prime_empty": "Give at least one character to start the sample.",
    "msg.temperature_range": "temperature must be between 0.01 and 10, got {got}.",
    "msg.windows_at_least_one": "seq_len, stride and batch_size must all be at least 1.",
    "msg.windows_no_data": "There is no data to cut into windows.",
    "msg.windows_too_long": ("seq_len ({seq_len}) is longer than the data ({total} samples): use a seq_len of at "
                             "most {total}, or give more data."),
    # --- the home page ----------------------------------------------------------------------------------
    "home.caption": ("Train a recurrent network live. Change the cell, the sizes or the task in the sidebar; the "
                     "other pages show the same model from the inside."),
    "home.text": "Training text",
    "home.text.box": "Text to learn from (any language)",
    "home.text.help": "The vocabulary is built from these characters.",
    "home.text.refused": "{why} Still training on the previous text.",
    "home.text.size": "{chars:,} characters, {symbols} different.",
    # --- metrics and targets --------------------------------------------------------------------------------
    "metric.step": "Step",
    "metric.loss": "Loss",
    "metric.loss.lower": "loss",
    "metric.sine": "MAE",
    "metric.sine.lower": "MAE",
    "metric.hello": "Accuracy",
    "metric.hello.lower": "accuracy",
    "metric.text": "Perplexity",
    "metric.text.lower": "perplexity",
    "metric.context": "City accuracy",
    "metric.context.lower": "city accuracy",
    "metric.memory": "Recall accuracy",
    "metric.memory.lower": "recall accuracy",
    "metric.seq2seq": "Exact-sequence accuracy",
    "metric.seq2seq.lower": "exact-sequence accuracy",
    "metric.text.held_out": "Validation perplexity",
    "metric.seq2seq.held_out": "Held-out, greedy",
    "metric.text.held_out.help": (
        "On the last {chars:,} characters of the text, which the model never trains on. When it rises while the "
        "training figure falls, the model is learning its training text by heart: it overfits."),
    "metric.seq2seq.held_out.help": (
        "Greedy decoding, the decoder feeding back its own guesses (no teacher), on 256 fixed sequences: what the "
        "model does when it has to write on its own."),
    "metric.seq2seq.held_out.help.translate": (
        "Greedy decoding, the decoder feeding back its own guesses (no teacher), on the whole lexicon: what the "
        "model does when it has to write on its own."),
    "target.mean": "{target} (mean of {window} steps)",
    "target.reached": ("Target reached at step {step:,} ({target}): training paused, as **stop at target** asks. "
                       "Press **Train** to go on."),
    "refused.loss": "the loss",
    "refused.grad_norm": "the gradient norm",
    "refused.weights": "a weight",
    "refused.nan": "NaN or infinite",
    "refused.text": ("Training stopped: {what} became {value} at step {step:,}. The weights were rolled back to step "
                     "{rolled_back_to:,}. Try a lower learning rate or turn on gradient clipping."),
    "curve.empty": "Press **Train** or **Step** above to start training.",
    "curve.summary": ("At step {step:,} the loss is {loss} (lowest {best}, at step {best_step:,}) and the {metric} "
                      "{value}. Target {target}: {reached}."),
    "curve.reached": "first reached at step {step:,}",
    "curve.not_reached": "not reached yet",
    # --- each task's own view -------------------------------------------------------------------------------
    "sine.title": "cos(t): target vs prediction, sin(t) as input",
    "sine.carried": "the state carried from window to window, starting from zero",
    "sine.not_carried": "each window starting from a zero state",
    "sine.summary": "Mean |error| {mae:.4f} over {windows} windows ({carried}).",
    "hello.headline": "#### `{input}` → `{predicted}`  (target `{target}`)",
    "hello.title": "Output-character probabilities",
    "hello.output_character": "output character",
    "hello.summary": ("{right} of {total} characters right; the chosen character's mean probability is "
                      "{confidence:.0%}."),
    "seq2seq.headline": ("Greedy decoding: the decoder feeds back its own guesses until it writes `<eos>`. Token "
                         "accuracy **{token:.0%}**, exact sequences **{exact:.0%}**."),
    "seq2seq.input": "input",
    "seq2seq.decoded": "decoded",
    "seq2seq.target": "target",
    "seq2seq.right": "right",
    "memory.line": "kept {symbol} through {delay}+ look-alike symbols, recalled {recalled}",
    "text.temperature": "temperature",
    "text.temperature.help": "Low: the likeliest characters. High: more surprising ones.",
    "text.prime": "start with",
    "data.title": "Data: the numbers behind the figure",
    "data.paused_only": "Pause training to see the numbers (a table redrawn ten times a second helps no one).",
    # --- pickers --------------------------------------------------------------------------------------------
    "pick.core": "core",
    "pick.core.help": ("The encoder reads the input; the decoder starts from the encoder's final state and writes "
                       "the output."),
    "pick.encoder": "encoder",
    "pick.decoder": "decoder",
    "pick.layer": "layer",
    "pick.layer_k": "layer {layer}",
    "pick.direction": "direction",
    "pick.forward": "forward",
    "pick.reverse": "reverse",
    "pick.layer_direction": "{layer}, {direction}",
    "pick.in_part": "the {part}, {layer}",
    "pick.part_layer": "{part}, {layer}",
    "pick.sequence": "sequence",
    # --- words inside figures ---------------------------------------------------------------------------
    "fig.t": "t",
    "fig.input": "input",
    "fig.target": "target",
    "fig.prediction": "prediction",
    "fig.input_character": "input character",
    "fig.sequence": "sequence",
    "fig.time_step": "time step",
    "fig.unit": "unit",
    "fig.gate": "gate",
    "fig.mean": "mean",
    "fig.min": "min",
    "fig.max": "max",
    "fig.metric": "metric",
    "fig.grad_norm": "gradient norm",
    "fig.value": "value",
    "fig.series": "series",
    "fig.now": "now",
    "fig.play": "Play",
    "fig.pause": "Pause",
    "fig.log": "(log)",
    "fig.loss": "loss",
    "fig.loss.log": "loss (log scale)",
    "fig.loss.title": "Training loss",
    "fig.loss.validation_subtitle": "solid: training loss · dashed with dots: validation loss, on held-out data",
    "fig.training_step": "training step",
    "fig.step_n": "step {step}",
    "fig.validation_loss": "validation loss",
    "fig.refused_step": "refused step",
    "fig.not_finite": "not finite",
    "fig.sine.title": "Target vs prediction",
    "fig.next_character": "next character",
    "fig.input_at_each_step": "input character at each step",
    "fig.probability": "probability",
    "fig.probabilities.title": "Next-character probabilities",
    "fig.probabilities.subtitle": "the prediction is written in its cell",
    "fig.batch_n": "batch {batch}",
    "fig.window": "window",
    "fig.window_number": "window #",
    "fig.zero_padding": "zero padding",
    "fig.windows.title": "seq_len = {seq_len}, batch_size = {batch_size}: {windows} windows → {batches} batches",
    "fig.windows.first": "(first {shown} windows shown)",
    "fig.gradients.title": "How much each hidden state affects the loss: ‖∂L/∂h_t‖",
    "fig.time_step_t": "time step t",
    "fig.first_over_last": "first / last step = {ratio}",
    "fig.vanishing": "(vanishing)",
    "fig.exploding": "(exploding)",
    "fig.eigen.title": "Eigenvalues of W_hh",
    "fig.unit_circle": "unit circle |λ| = 1",
    "fig.eigenvalue": "eigenvalue λ",
    "fig.spectral_radius": "spectral radius ρ = {radius}",
    "fig.spectral_radius_each": "spectral radius ρ: {radii}",
    "fig.trajectory.title": "Hidden-state trajectory (PCA)",
    "fig.heatmap.title": "Hidden state over time",
    "fig.gates.title": "Gate activations over time",
    "fig.symmetric": "symmetric",
    "fig.range": "range {range}",
    "gate.i": "input gate i",
    "gate.f": "forget gate f",
    "gate.g": "candidate g (tanh)",
    "gate.o": "output gate o",
    "gate.r": "reset gate r",
    "gate.z": "update gate z",
    "gate.n": "candidate n (tanh)",
    "gate.pre": "pre-activation",
    # --- hidden states --------------------------------------------------------------------------------------
    "hidden.training": "Training: the figures below redraw when you pause, so the 3-D view keeps its camera.",
    "hidden.caption": ("Every point is the hidden state h_t of the real model on the task's example, projected by "
                       "PCA (fitted once per view, so the axes stay still while it plays). Press ▶ to animate."),
    "hidden.projection": "projection",
    "hidden.time_machine": "training time machine: weights at step",
    "hidden.time_machine.help": "Saved checkpoints: slide back to see how the trajectory changed as it learned.",
    "hidden.rewind": "Rewind training to step {step}",
    "hidden.rewind.help": "Continue from these weights. Training on replays the same run exactly.",
    "hidden.trajectory.title": "h_t of {where} at step {step} (one path per example sequence)",
    "hidden.trajectory.summary": (
        "{sequences} path(s) of {steps} steps, projected to {dims}-D by PCA, which keeps {explained:.0%} of the "
        "variance. The paths end on average {spread:.2f} from their common centre and travel {travel:.2f} from "
        "start to end."),
    "hidden.heatmap.title": "Units × time, {where}",
    "hidden.heatmap.summary": ("{units} units over {steps} steps, from {low:.2f} to {high:.2f}; unit {unit} reaches "
                               "the largest magnitude."),
    "hidden.pre.title": ("Pre-activation over time<br><sup>W_ih·x_t + b_ih + W_hh·h_(t-1) + b_hh, before the "
                         "nonlinearity</sup>"),
    "hidden.gates.title": "{cell} gates over time<br><sup>units × time</sup>",
    "hidden.gates.summary": "Mean over units and steps: {means}.",
    # --- the unrolled graph -----------------------------------------------------------------------------
    "graph.caption": ("The network unrolled through time. Every edge carries a tensor of the shape shown; the cells "
                      "of one row share the same weights at every step. Both follow the sidebar settings."),
    "graph.encoder_unrolled": "The encoder, unrolled",
    "graph.highlight": "highlight time step t",
    "graph.steps_drawn": "time steps drawn",
    "graph.steps_drawn.help": "Longer sequences draw the first steps, an ellipsis and the last step.",
    "graph.shapes": "Tensor shapes",
    "graph.shapes.caption": "With {layout}, as set in the sidebar. h_0, h_n, c_0 and c_n keep their layout either way.",
    "graph.parameters": "Parameters of nn.{cell}: {total:,}",
    "graph.column.tensor": "tensor",
    "graph.column.legend": "legend",
    "graph.column.meaning": "meaning",
    "graph.column.name": "name",
    "graph.column.layer": "layer",
    "graph.column.direction": "direction",
    "graph.column.shape": "shape",
    "graph.column.symbolic": "symbolic",
    "graph.column.elements": "elements",
    "graph.column.role": "role",
    "graph.tensor.input": "the whole sequence: one H_in vector per step",
    "graph.tensor.h_0": "initial hidden state, one slice per (layer, direction): index layer·D + dir",
    "graph.tensor.c_0": "initial cell state (LSTM only), same indexing as h_0",
    "graph.tensor.output": "top layer's h_t at every step; both directions concatenated on the last axis",
    "graph.tensor.h_n": "final hidden state of every layer and direction (reverse ends at t = 0)",
    "graph.tensor.c_n": "final cell state (LSTM only), same indexing as h_n",
    "graph.role.weight_ih": "input → hidden weights",
    "graph.role.weight_hh": "hidden → hidden weights",
    "graph.role.bias_ih": "input → hidden bias",
    "graph.role.bias_hh": "hidden → hidden bias",
    "graph.gate_layout.RNN": "one block of H_out rows: h_t = tanh(x_t·W_ihᵀ + b_ih + h_(t-1)·W_hhᵀ + b_hh)",
    "graph.gate_layout.LSTM": "rows stacked i|f|g|o (input, forget, cell candidate, output gate): 4·H_out rows",
    "graph.gate_layout.GRU": "rows stacked r|z|n (reset, update, new gate): 3·H_out rows",
    "graph.letter.N": "batch size",
    "graph.letter.L": "sequence length",
    "graph.letter.D": "directions",
    "graph.letter.H_in": "input_size",
    "graph.letter.H_out": "hidden_size",
    "graph.letter.num_layers": "stacked layers",
    "graph.contains": "(contains t = {step})",
    "graph.layer_direction": "layer {layer} · {direction}",
    "graph.legend.title": "{cell} unrolled over time: {layers} layer(s), {directions}, batch_first={batch_first}",
    "graph.legend.bidirectional": "bidirectional",
    "graph.legend.one_direction": "one direction",
    "graph.legend.edges": "edges show numbers only; hover an edge for its letters, e.g. {x} and {h}",
    "graph.legend.colour": "same colour = same weights at every time step (each cell names them)",
    "graph.legend.ellipsis": "the dashed column stands for {span} (not drawn)",
    "graph.s2s.encoder": "encoder nn.{cell}: one set of weights at every step",
    "graph.s2s.decoder": "decoder nn.{cell}: its own weights, shared across its steps",
    "graph.s2s.handover": "hand-over: encoder h_n = decoder h_0",
    "graph.s2s.fed_back": "fed back",
    "graph.s2s.fed_back.tooltip": "argmax of y_{t}, embedded",
    "graph.s2s.legend.encoder": "The encoder reads L_in = {steps} symbols; only its final state goes on: h_n, {state}.",
    "graph.s2s.legend.handover": ("The hand-over: that state is the decoder's h_0. Everything the decoder knows of the "
                                  "input passes here."),
    "graph.s2s.legend.decoder": (
        "The decoder writes T = {steps} symbols, <eos> last. At each step it reads the symbol before: the true one "
        "in training when teacher forcing feeds it, else its own guess (dashed), as always in prediction."),
    # --- gradients --------------------------------------------------------------------------------------
    "grad.relu": "relu instead of tanh (RNN)",
    "grad.relu.help": "Switching re-initialises the model. LSTM and GRU gates use fixed σ and tanh.",
    "grad.clip": "clip gradients (max norm 1)",
    "grad.clip.help": "Rescales the whole gradient when its norm exceeds 1. Changes live, without a reset.",
    "grad.norms.title": "How much each hidden state affects the loss: ‖∂L/∂h_t‖",
    "grad.norms.summary": ("Over {steps} steps ({series}), ‖∂L/∂h_t‖ goes from {first:.2g} at t = 0 to {last:.2g} at "
                           "the last step: the first step gets {ratio:.2g} of the last one's gradient."),
    "grad.encoder_note": ("The encoder's loss is the decoder's: its gradient comes back through the hand-over, the "
                          "encoder's final state, so its last step (the one nearest the decoder) gets the most."),
    "grad.memory.title": "Why a plain RNN cannot learn this task, and an LSTM can",
    "grad.memory.model": "model",
    "grad.memory.untrained": "{cell}, untrained",
    "grad.memory.this": "this {cell}, at step {step:,}",
    "grad.memory.ratio": "‖∂L/∂h_t‖ at t = 0 ÷ at t = L−1",
    "grad.memory.bias": "its forget gate starting at bias {bias:g} (forget_bias)",
    "grad.memory.torch_bias": "torch's initial forget-gate bias",
    "grad.memory.text": (
        "The ratio says how much of the gradient at the cue reaches the first steps, where the symbol to keep is, "
        "{back} steps back. In the untrained RNN it is {rnn:.1g}: the weights that read the symbol get practically "
        "no signal, so the RNN never learns that the symbol matters and stays near chance (25%). The LSTM, with "
        "{bias}, passes {lstm:.1g} of it along its cell state, enough to start learning. Try delay 5: the RNN's "
        "ratio is far larger, and it learns too."),
    "grad.memory.gru": (
        " A GRU starts almost as low as the RNN, but its update gate can learn to keep the state: the last row's "
        "ratio climbs by orders of magnitude as it learns. Watch it while it trains."),
    "grad.whh": "W_hh is `{name}`: the recurrent weights of that layer and direction.",
    "grad.radius.inside": "Spectral radius {radius:.3f}: inside the unit circle, so without input the state decays.",
    "grad.radius.outside": "Spectral radius {radius:.3f}: outside the unit circle, so some directions grow.",
    "grad.explanation": (
        "**Vanishing and exploding gradients.** Backpropagation through time multiplies the gradient by the "
        "Jacobian ∂h_t/∂h_{{t-1}} once per step, and that Jacobian is W_hh scaled by the derivative of the "
        "nonlinearity. When W_hh's eigenvalues (left) sit inside the unit circle, ‖∂L/∂h_t‖ (above) shrinks "
        "geometrically for early steps: they barely learn, and a plain RNN forgets. Outside it, with relu, the norm "
        "can grow step after step and explode: clipping caps the update. LSTM and GRU carry their memory through "
        "gates, so the gradient keeps its size over many more steps. Try the memory task with a long delay."),
    "grad.eigen.title": "Eigenvalues of W_hh{block}",
    "grad.eigen.summary": ("{count} eigenvalues, {inside} of them inside the unit circle; the largest |λ| is "
                           "{radius:.3f}."),
    # --- cell anatomy -------------------------------------------------------------------------------------
    "anatomy.title": "One time step of this {cell}, with its real numbers",
    "anatomy.decoder": ("The decoder starts from the encoder's final state (its h_0 is the encoder's h_n), and each "
                        "step reads the symbol it wrote at the step before: <sos> first."),
    "anatomy.t": "time step t",
    "anatomy.t.help": "Step through the sequence one time step at a time (+ and − buttons).",
    "anatomy.input": "Input at t = {t}: **{symbol}** · {where} · step {step} of training",
    "anatomy.equations": "**The equations** (torch's notation and gate order)",
    "anatomy.at_t": ("**At t = {t}**: the part from x_t + the part from h_(t-1), first {units} of {hidden_size} "
                     "units"),
    "anatomy.every_unit": "Every unit at this step",
    "anatomy.proof": "Proof: the loop is the layer",
    "anatomy.proof.text": (
        "A `torch.nn.{cell}Cell` holding the same weights, called once per time step in a Python loop (layer by "
        "layer, both directions), gives nn.{cell}'s output: the largest difference over all {count:,} numbers is "
        "**{difference:.2e}**, float32 rounding."),
    "anatomy.max_difference": "max |loop − layer| = {difference:.2e}",
    "anatomy.loop": "loop",
    "windows.title": "Windows and batches: seq_len is not batch_size",
    "windows.caption": ("It opens on the classic tutorial's example: samples 1…10, seq_len 3, a window at every "
                        "sample (stride 1), 2 windows a batch."),
    "windows.samples": "samples T",
    "windows.samples.help": "The series is 1, 2, …, T.",
    "windows.seq_len": "seq_len (L)",
    "windows.stride": "stride",
    "windows.stride.help": ("Samples from one window's start to the next: 1 slides (a window at every sample, as "
                            "the tutorial); seq_len puts windows back to back."),
    "windows.batch_size": "batch_size (N)",
    "windows.padded": ", {padded} of them zero-padded at the end",
    "windows.sliding": "sliding, a window at every sample",
    "windows.back_to_back": "back to back",
    "windows.every": "a window every {stride} samples",
    "windows.summary": (
        "{length} samples cut {cut}: **{windows} windows** of L = {seq_len}{padding}, grouped into **{batches} "
        "batches** of up to N = {batch_size}. One optimizer step reads one batch, a (N, L, H_in) tensor."),
    "windows.stride_one": (
        "With stride 1 every sample starts a window, so seq_len makes each window longer but leaves the count "
        "alone: T = {length} windows and ⌈T / N⌉ = {batches} batches for any seq_len."),
    "windows.batch": "batch",
    "windows.window": "window",
    "windows.samples_column": "samples",
    "msg.rewound": "Rewound to step {step}: press Train to replay from there.",
    "msg.scene_opened": "Scene opened: {title} (trained to step {steps}, paused).",
    "msg.unknown_scene": "There is no scene {raw}: the link opens without one (the Scenes menu lists them).",
    "msg.param_unknown_groups": "`hide`={raw}: no control group named {unknown} (choices: {choices}).",
}
