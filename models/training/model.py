"""Small CRNN for plate text: image [N,1,32,128] -> logits [N,32,37] (class 0 = CTC blank, 1..36 = 0-9A-Z).

A strided stem keeps it cheap enough to train on 2 shared CPU cores; a 1-layer BiLSTM reads the 32 columns.
"""
import torch.nn as nn


def cbr(cin, cout, k=3, s=1, p=1):
    return nn.Sequential(nn.Conv2d(cin, cout, k, s, p, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class PlateCRNN(nn.Module):
    def __init__(self, n_classes=37, width=(16, 32, 64, 96), hidden=80):
        super().__init__()
        c1, c2, c3, c4 = width
        self.features = nn.Sequential(
            cbr(1, c1, 3, 2, 1),                                      # 16 x 64
            cbr(c1, c2), nn.MaxPool2d(2, 2),                          # 8 x 32
            cbr(c2, c3), cbr(c3, c3), nn.MaxPool2d((2, 1), (2, 1)),   # 4 x 32
            cbr(c3, c4), nn.MaxPool2d((2, 1), (2, 1)),                # 2 x 32
            cbr(c4, c4, (2, 1), 1, 0),                                # 1 x 32
        )
        self.rnn = nn.LSTM(c4, hidden, num_layers=1, bidirectional=True, batch_first=True)
        self.drop = nn.Dropout(0.1)
        self.fc = nn.Linear(2 * hidden, n_classes)

    def forward(self, x):
        f = self.features(x).squeeze(2).permute(0, 2, 1)  # N, 32, C
        r, _ = self.rnn(f)
        return self.fc(self.drop(r))                       # N, 32, 37 raw logits


def n_params(m):
    return sum(p.numel() for p in m.parameters())
