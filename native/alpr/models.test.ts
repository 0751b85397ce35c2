import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES } from './calibration';
import { findAppRoot, findRecognizer, loadCalibration, loadManifest, recognizerCharacters, verifyModel, writeCalibration } from './models';
import { useTempDirs } from '../../test/support/temp-dir';

const tempDir = useTempDirs();

function site(models: unknown, files: Record<string, string> = {}): string {
  const root = tempDir();
  mkdirSync(join(root, 'models'));
  writeFileSync(join(root, 'models', 'manifest.json'), JSON.stringify({ models }));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, 'models', name), text);
  return root;
}

// sha256("hello")
const HELLO = '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824';
const entry = { kind: 'recognizer', file: 'm.onnx', bytes: 5, sha256: HELLO, license: 'MIT', source: 'test', input: {}, alphabet: 'AB' };

describe('model manifest', () => {
  it('the repository manifest is valid and its PaddleOCR files check out', () => {
    const root = findAppRoot();
    const models = loadManifest(root);
    for (const id of ['paddle-det', 'paddle-rec']) verifyModel(models.get(id)!, root);
    // 6,623 keys plus the trailing space: with the blank, the 6,625 classes of the model's output.
    expect(recognizerCharacters(findRecognizer(models, 'paddle'), root)).toHaveLength(6624);
  });

  it('accepts a good file', () => {
    const root = site({ plate: entry }, { 'm.onnx': 'hello' });
    expect(() => verifyModel(loadManifest(root).get('plate')!, root)).not.toThrow();
  });

  it('names a missing file', () => {
    const root = site({ plate: entry });
    expect(() => verifyModel(loadManifest(root).get('plate')!, root)).toThrow(/model "plate": file .*m\.onnx is missing/);
  });

  it('names a truncated file', () => {
    const root = site({ plate: entry }, { 'm.onnx': 'hell' });
    expect(() => verifyModel(loadManifest(root).get('plate')!, root)).toThrow(/m\.onnx has 4 bytes, the manifest says 5/);
  });

  it('names a swapped file of the same size', () => {
    const root = site({ plate: entry }, { 'm.onnx': 'world' });
    expect(() => verifyModel(loadManifest(root).get('plate')!, root)).toThrow(/does not match the manifest's sha256/);
  });

  it('refuses an invalid manifest with the field named', () => {
    const root = site([{ ...entry, id: 'plate', sha256: 'nope' }]);
    expect(() => loadManifest(root)).toThrow(/models\.0\.sha256/);
  });

  it('accepts entries keyed by id, and finds the plate recogniser', () => {
    const root = site({ 'plate-recognizer': entry });
    expect(findRecognizer(loadManifest(root), 'plate').file).toBe('m.onnx');
    expect(() => findRecognizer(loadManifest(root), 'paddle')).toThrow(/no "paddle-rec" entry/);
  });

  it('keeps a calibration only for the model files it was fitted for', () => {
    const detector = { ...entry, kind: 'detector', sha256: 'd'.repeat(64) };
    const root = site({ 'plate-recognizer': entry, 'plate-detector': detector });
    const models = loadManifest(root);
    const [det, rec] = [models.get('plate-detector')!, models.get('plate-recognizer')!];
    expect(loadCalibration(root, det, rec)).toBeUndefined();
    const fit = { features: [...FEATURE_NAMES], weights: FEATURE_NAMES.map(() => 0.5), bias: -1, fittedOn: 'validation' };
    writeCalibration(root, fit, det, rec);
    expect(loadCalibration(root, det, rec)).toMatchObject({ ...fit, fittedFor: { detector: 'd'.repeat(64), recognizer: HELLO } });
    expect(loadManifest(root).size).toBe(2);
    expect(() => loadCalibration(root, det, { ...rec, sha256: 'e'.repeat(64) })).toThrow(/fitted for other model files.*refit it/);
  });
});
