"""PlateNet: a tiny CenterNet-style plate detector for the CPU.

Input  `image`:   float32 [N, 1, 256, 448], grey, (pixel / 255 - 0.5) / 0.5, the frame letterboxed (scaled to fit,
                  top-left aligned, padded with grey 128 on the right/bottom).
Output `heatmap`: float32 [N, 1, 64, 112], sigmoid: probability that a plate's centre lies in this 4x4 cell.
Output `box`:     float32 [N, 4, 64, 112]: centre offset inside the cell (dx, dy, in cells) and log(width/4),
                  log(height/4) of the plate box (input pixels). Read at the heatmap's local maxima.

Why this shape: plates are rigid, textured rectangles, so a small fully convolutional net that looks at 4x4 cells
with a receptive field of ~200 px finds them; one pass, no anchors, no NMS beyond a 3x3 local-maximum test.
Depthwise-separable blocks keep it near 0.1 GMAC per frame (a few ms with onnxruntime on 2 cores).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

IN_H, IN_W, STRIDE = 256, 448, 4


def cbr(cin, cout, k=3, s=1, p=1, groups=1, dilation=1):
    return nn.Sequential(nn.Conv2d(cin, cout, k, s, p * dilation, dilation=dilation, groups=groups, bias=False),
                         nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class DwBlock(nn.Module):
    """Depthwise 3x3 + pointwise 1x1 with a residual: cheap context at one scale."""

    def __init__(self, c, dilation=1):
        super().__init__()
        self.dw = cbr(c, c, 3, 1, 1, groups=c, dilation=dilation)
        self.pw = nn.Sequential(nn.Conv2d(c, c, 1, bias=False), nn.BatchNorm2d(c))

    def forward(self, x):
        return F.relu(x + self.pw(self.dw(x)))


class PlateNet(nn.Module):
    def __init__(self, widths=(16, 24, 48, 80, 96), head=32):
        super().__init__()
        c1, c2, c3, c4, c5 = widths
        self.s4 = nn.Sequential(cbr(1, c1, 3, 2), cbr(c1, c2, 3, 2), DwBlock(c2))                       # 1/4
        self.s8 = nn.Sequential(cbr(c2, c3, 3, 2), DwBlock(c3), DwBlock(c3))                             # 1/8
        self.s16 = nn.Sequential(cbr(c3, c4, 3, 2), DwBlock(c4), DwBlock(c4, dilation=2))                # 1/16
        self.s32 = nn.Sequential(cbr(c4, c5, 3, 2), DwBlock(c5, dilation=2), DwBlock(c5))                # 1/32
        self.lat32 = nn.Conv2d(c5, c3, 1)
        self.lat16 = nn.Conv2d(c4, c3, 1)
        self.lat8 = nn.Conv2d(c3, c3, 1)
        self.fuse8 = DwBlock(c3)
        self.up4 = nn.Conv2d(c3, head, 1)
        self.lat4 = nn.Conv2d(c2, head, 1)
        self.fuse4 = nn.Sequential(cbr(head, head, 3, 1, 1, groups=head), cbr(head, head, 1, 1, 0))
        self.heat = nn.Conv2d(head, 1, 1)
        self.box = nn.Conv2d(head, 4, 1)
        nn.init.constant_(self.heat.bias, -4.0)  # rare positives: start near "no plate" (focal-loss practice)

    def forward(self, x):
        f4 = self.s4(x)
        f8 = self.s8(f4)
        f16 = self.s16(f8)
        f32 = self.s32(f16)
        p16 = self.lat16(f16) + F.interpolate(self.lat32(f32), size=f16.shape[2:], mode="nearest")
        p8 = self.fuse8(self.lat8(f8) + F.interpolate(p16, size=f8.shape[2:], mode="nearest"))
        p4 = self.fuse4(self.lat4(f4) + F.interpolate(self.up4(p8), size=f4.shape[2:], mode="nearest"))
        return torch.sigmoid(self.heat(p4)), self.box(p4)


def n_params(m):
    return sum(p.numel() for p in m.parameters())


if __name__ == "__main__":
    import time
    torch.set_num_threads(1)
    m = PlateNet().eval()
    x = torch.zeros(1, 1, IN_H, IN_W)
    with torch.no_grad():
        h, b = m(x)
        t = time.time()
        for _ in range(10):
            m(x)
    print("params", n_params(m), "heat", tuple(h.shape), "box", tuple(b.shape), f"{(time.time() - t) * 100:.1f} ms/frame")
