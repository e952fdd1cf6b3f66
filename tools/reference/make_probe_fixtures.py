#!/usr/bin/python3
"""Writes loss-probe fixtures: inputs plus the loss computed by PyTorch formulations of the papers.

Run with Debian's interpreter (it has python3-torch):  /usr/bin/python3 tools/reference/make_probe_fixtures.py
Each fixture is src/test/resources/probe/<name>.json: {"command": [...], "input": {...}, "expected": {...}}.
These references are written independently of the Java code, in the form the papers' code uses.
"""
import json
import math
import os

import torch
import torch.nn.functional as F

torch.manual_seed(1234)
torch.set_default_dtype(torch.float64)
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "src", "test", "resources", "probe")


def t(*shape, scale=1.0):
    return torch.randn(*shape) * scale


def nt_xent(z1, z2, tau):
    z = F.normalize(torch.cat([z1, z2]), dim=1)
    n = z1.shape[0]
    sim = z @ z.T / tau
    sim.fill_diagonal_(float("-inf"))
    targets = torch.cat([torch.arange(n, 2 * n), torch.arange(0, n)])
    return F.cross_entropy(sim, targets)


def supcon(v1, v2, labels, tau, variant):
    # Khosla et al.: features [2N, d], mask of positives without self.
    z = F.normalize(torch.cat([v1, v2]), dim=1)
    y = torch.cat([labels, labels])
    m = z.shape[0]
    logits = z @ z.T / tau
    self_mask = torch.eye(m, dtype=torch.bool)
    pos = (y[:, None] == y[None, :]) & ~self_mask
    logits = logits.masked_fill(self_mask, float("-inf"))
    log_prob = logits - torch.logsumexp(logits, dim=1, keepdim=True)
    valid = pos.sum(1) > 0
    if variant == "out":
        per = -(log_prob.masked_fill(~pos, 0).sum(1) / pos.sum(1).clamp(min=1))
    else:
        per = -(torch.logsumexp(log_prob.masked_fill(~pos, float("-inf")), dim=1) - torch.log(pos.sum(1).double()))
    return per[valid].mean()


def clip(image, text, scale):
    i = F.normalize(image, dim=1)
    x = F.normalize(text, dim=1)
    logits = scale * i @ x.T
    labels = torch.arange(image.shape[0])
    return 0.5 * F.cross_entropy(logits, labels) + 0.5 * F.cross_entropy(logits.T, labels)


def triplet(a, p, n, margin, distance):
    dp = (a - p).norm(dim=1)
    dn = (a - n).norm(dim=1)
    if distance == "squared_l2":
        dp, dn = dp ** 2, dn ** 2
    return torch.clamp(dp - dn + margin, min=0).mean()


def infonce(q, p, negatives, queue, tau, in_batch):
    q = F.normalize(q, dim=1)
    p = F.normalize(p, dim=1)
    cols = []
    if in_batch:
        cols.append(q @ p.T)
        labels = torch.arange(q.shape[0])
    else:
        cols.append((q * p).sum(1, keepdim=True))
        labels = torch.zeros(q.shape[0], dtype=torch.long)
    if negatives is not None:
        cols.append(torch.einsum("nd,nmd->nm", q, F.normalize(negatives, dim=2)))
    if queue is not None:
        cols.append(q @ F.normalize(queue, dim=1).T)
    return F.cross_entropy(torch.cat(cols, dim=1) / tau, labels)


def moco(q, k, queue, tau):
    # He et al., Algorithm 1.
    q = F.normalize(q, dim=1)
    k = F.normalize(k, dim=1)
    queue = F.normalize(queue, dim=1)
    l_pos = torch.einsum("nc,nc->n", [q, k]).unsqueeze(-1)
    l_neg = torch.einsum("nc,ck->nk", [q, queue.T])
    logits = torch.cat([l_pos, l_neg], dim=1) / tau
    return F.cross_entropy(logits, torch.zeros(q.shape[0], dtype=torch.long))


def simcse_sup(z1, z2, z3, tau, w):
    # Gao et al., models.py cl_forward.
    cos = lambda a, b: F.cosine_similarity(a.unsqueeze(1), b.unsqueeze(0), dim=-1)
    cos_sim = torch.cat([cos(z1, z2) / tau, cos(z1, z3) / tau], 1)
    n = z1.shape[0]
    weights = torch.tensor([[0.0] * n + [0.0] * i + [w] + [0.0] * (n - i - 1) for i in range(n)])
    return F.cross_entropy(cos_sim + weights, torch.arange(n))


def simcse_unsup(z1, z2, tau):
    cos_sim = F.cosine_similarity(z1.unsqueeze(1), z2.unsqueeze(0), dim=-1) / tau
    return F.cross_entropy(cos_sim, torch.arange(z1.shape[0]))


def dino(student, teacher, center, student_temp, teacher_temp, momentum):
    # Caron et al., DINOLoss.forward with ncrops = Vs and 2 -> Vt global views.
    s = [x / student_temp for x in student]
    tt = [F.softmax((x - center) / teacher_temp, dim=-1) for x in teacher]
    total, terms = 0.0, 0
    for iq, qq in enumerate(tt):
        for v in range(len(s)):
            if v == iq:
                continue
            total += torch.sum(-qq * F.log_softmax(s[v], dim=-1), dim=-1).mean()
            terms += 1
    flat = teacher.reshape(-1, teacher.shape[-1])
    new_center = center * momentum + flat.sum(0, keepdim=True) / flat.shape[0] * (1 - momentum)
    return total / terms, new_center


def pair_margin(x1, x2, same, margin, variant):
    d2 = ((x1 - x2) ** 2).sum(1)
    if variant == "hadsell":
        neg = torch.clamp(margin - d2.sqrt(), min=0) ** 2
    else:
        neg = torch.clamp(margin - d2, min=0)
    return torch.where(same.bool(), d2, neg).mean()


def npair(a, p, negatives):
    if negatives is None:
        logits = a @ p.T
        diff = logits - logits.diagonal().unsqueeze(1)
        diff = diff.masked_fill(torch.eye(a.shape[0], dtype=torch.bool), float("-inf"))
    else:
        diff = torch.einsum("nd,nmd->nm", a, negatives) - (a * p).sum(1, keepdim=True)
    return torch.log1p(torch.exp(diff).sum(1)).mean()


def nce(q, p, negatives, lnp, lnn):
    m = negatives.shape[1]
    pos = (q * p).sum(1)
    neg = torch.einsum("nd,nmd->nm", q, negatives)
    if lnp is not None:
        pos = pos - (math.log(m) + lnp)
        neg = neg - (math.log(m) + lnn)
    return (-F.logsigmoid(pos) - F.logsigmoid(-neg).sum(1)).mean()


def lst(x):
    return x.tolist()


def write(name, command, inputs, expected):
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump({"command": command, "input": inputs, "expected": expected}, f, indent=None)
        f.write("\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    N, D = 6, 5
    z1, z2 = t(N, D), t(N, D)
    write("ntxent", ["ntxent"], {"z1": lst(z1), "z2": lst(z2), "tau": 0.3}, {"loss": nt_xent(z1, z2, 0.3).item()})

    labels = torch.tensor([0, 1, 0, 2, 1, 0])
    for variant in ["out", "in"]:
        write("supcon_" + variant, ["supcon", "--variant", variant],
              {"v1": lst(z1), "v2": lst(z2), "labels": labels.tolist(), "tau": 0.1},
              {"loss": supcon(z1, z2, labels, 0.1, variant).item()})

    write("clip", ["clip"], {"image": lst(z1), "text": lst(z2), "scale": 100.0}, {"loss": clip(z1, z2, 100.0).item()})
    write("clip_example", ["clip"], {"image": [[1, 0], [0, 1]], "text": [[1, 0], [0, 1]], "scale": 1.0},
          {"loss": clip(torch.eye(2), torch.eye(2), 1.0).item()})

    a, p, n = t(N, D), t(N, D), t(N, D)
    for distance in ["l2", "squared_l2"]:
        margin = 1.0 if distance == "l2" else 3.0
        write("triplet_" + distance, ["triplet", "--distance", distance],
              {"anchor": lst(a), "positive": lst(p), "negative": lst(n), "margin": margin},
              {"loss": triplet(a, p, n, margin, distance).item()})

    negs, queue = t(N, 3, D), t(8, D)
    write("infonce_in_batch", ["infonce"], {"query": lst(a), "positive": lst(p), "tau": 0.1},
          {"loss": infonce(a, p, None, None, 0.1, True).item()})
    write("infonce_negatives", ["infonce", "--in-batch", "false"],
          {"query": lst(a), "positive": lst(p), "negatives": lst(negs), "tau": 0.1},
          {"loss": infonce(a, p, negs, None, 0.1, False).item()})
    write("infonce_mixed", ["infonce", "--in-batch", "true"],
          {"query": lst(a), "positive": lst(p), "negatives": lst(negs), "tau": 0.07},
          {"loss": infonce(a, p, negs, None, 0.07, True).item()})

    write("moco", ["moco"], {"query": lst(a), "key": lst(p), "queue": lst(queue), "tau": 0.2},
          {"loss": moco(a, p, queue, 0.2).item()})
    write("simcse_sup", ["simcse_sup"], {"z1": lst(a), "z2": lst(p), "z3": lst(n), "tau": 0.05},
          {"loss": simcse_sup(a, p, n, 0.05, 0.0).item()})
    write("simcse_sup_weighted", ["simcse_sup"],
          {"z1": lst(a), "z2": lst(p), "z3": lst(n), "tau": 0.05, "hard_negative_weight": 1.0},
          {"loss": simcse_sup(a, p, n, 0.05, 1.0).item()})
    write("simcse_unsup", ["simcse_unsup"], {"z1": lst(a), "z2": lst(p), "tau": 0.05},
          {"loss": simcse_unsup(a, p, 0.05).item()})

    student, teacher, center = t(5, 4, 7), t(2, 4, 7), t(1, 7, scale=0.1)
    loss, new_center = dino(student, teacher, center, 0.1, 0.04, 0.9)
    write("dino", ["dino"], {"student": lst(student), "teacher": lst(teacher), "center": lst(center),
                             "student_temp": 0.1, "teacher_temp": 0.04},
          {"loss": loss.item(), "new_center": lst(new_center)})

    same = torch.tensor([1, 0, 0, 1, 0, 0])
    for variant, margin in [("hadsell", 3.0), ("squared", 9.0)]:
        write("pair_margin_" + variant, ["pair_margin", "--variant", variant],
              {"x1": lst(a), "x2": lst(p), "same": same.tolist(), "margin": margin},
              {"loss": pair_margin(a, p, same, margin, variant).item()})

    small = 0.5
    write("npair_in_batch", ["npair"], {"anchor": lst(a * small), "positive": lst(p * small)},
          {"loss": npair(a * small, p * small, None).item()})
    write("npair_negatives", ["npair"], {"anchor": lst(a * small), "positive": lst(p * small), "negatives": lst(negs * small)},
          {"loss": npair(a * small, p * small, negs * small).item()})

    lnp = torch.log(torch.rand(N) * 0.1 + 0.01)
    lnn = torch.log(torch.rand(N, 3) * 0.1 + 0.01)
    write("nce_negative_sampling", ["nce"], {"query": lst(a), "positive": lst(p), "negatives": lst(negs)},
          {"loss": nce(a, p, negs, None, None).item()})
    write("nce_noise", ["nce"], {"query": lst(a), "positive": lst(p), "negatives": lst(negs),
                                 "log_noise_positive": lst(lnp), "log_noise_negatives": lst(lnn)},
          {"loss": nce(a, p, negs, lnp, lnn).item()})


if __name__ == "__main__":
    main()
