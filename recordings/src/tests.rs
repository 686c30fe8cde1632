use super::*;

/// A mono (or `channels`-channel) 16-bit WAV of `samples`, written by hound.
fn wav_bytes(channels: u16, bits: u16, samples: &[i16]) -> Vec<u8> {
    let spec = hound::WavSpec {
        channels,
        sample_rate: 20_000,
        bits_per_sample: bits,
        sample_format: hound::SampleFormat::Int,
    };
    let mut out = std::io::Cursor::new(Vec::new());
    let mut w = hound::WavWriter::new(&mut out, spec).unwrap();
    for &s in samples {
        if bits == 8 {
            w.write_sample(s as i8).unwrap();
        } else {
            w.write_sample(s).unwrap();
        }
    }
    w.finalize().unwrap();
    out.into_inner()
}

#[test]
fn find_lists_the_wav_files_sorted_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["b.wav", "a.WAV", "notes.txt", "c.wav.bak"] {
        std::fs::write(dir.path().join(name), b"").unwrap();
    }
    std::fs::create_dir(dir.path().join("folder.wav")).unwrap();
    let found = Recordings::find(dir.path()).unwrap();
    let names: Vec<_> = found.paths.iter().map(|p| p.file_name().unwrap()).collect();
    assert_eq!(names, ["a.WAV", "b.wav"]);
}

#[test]
fn an_absent_or_empty_folder_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    for d in [dir.path().to_path_buf(), dir.path().join("none")] {
        let e = Recordings::find(&d).unwrap_err();
        assert!(matches!(&e, DataError::Missing(p) if *p == d));
        assert_eq!(
            e.to_string(),
            format!("recordings not found at {} (set BRAINWIRE_DATA)", d.display())
        );
    }
}

// Outside CI the line and the skip are checked end to end in tests/skip.rs.
#[test]
#[should_panic(expected = "recordings not found at /nowhere (set BRAINWIRE_DATA): required with CI=true")]
fn missing_recordings_fail_in_ci() {
    or_skip(Err(DataError::Missing(PathBuf::from("/nowhere"))), true);
}

#[test]
fn read_mono_gives_the_samples_back() {
    let dir = tempfile::tempdir().unwrap();
    let samples = [0, 1, -1, i16::MIN, i16::MAX, 1234];
    let path = dir.path().join("r.wav");
    std::fs::write(&path, wav_bytes(1, 16, &samples)).unwrap();
    assert_eq!(read_mono(&path).unwrap(), samples);
    let found = Recordings::find(dir.path()).unwrap();
    assert_eq!(found.read_all().unwrap(), [samples.to_vec()]);
}

#[test]
fn read_mono_rejects_what_is_not_mono_16_bit_pcm() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("stereo.wav", wav_bytes(2, 16, &[1, 2, 3, 4]), "2 channels"),
        ("8bit.wav", wav_bytes(1, 8, &[1, 2]), "expected 16-bit PCM"),
        ("junk.wav", b"RIFF....WAVEjunk".to_vec(), ""),
    ];
    for (name, bytes, why) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let e = read_mono(&path).unwrap_err();
        assert!(matches!(e, DataError::Format { .. }), "{name}: {e}");
        assert!(e.to_string().contains(why), "{name}: {e}");
    }
    let absent = dir.path().join("absent.wav");
    assert!(matches!(read_mono(&absent), Err(DataError::Io { .. })));
}

#[test]
fn parse_keeps_channels_rate_and_interleaving() {
    let wav = wav::parse(&wav_bytes(2, 16, &[1, -2, 3, -4])).unwrap();
    assert_eq!(
        wav,
        Pcm16 {
            channels: 2,
            sample_rate: 20_000,
            samples: vec![1, -2, 3, -4]
        }
    );
}
